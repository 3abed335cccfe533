-- The most visited pages at no funnel step, for data quality (as a local
-- run lists them): every event of {{events}} at such a page, whoever the
-- user, most first, ties by the page's bytes. A page's events are spread over
-- the shards (they are sharded by user), so the initiator merges each
-- page's count from every shard before it ranks them: one row per distinct
-- page at no step crosses the network from each shard, never one per event.
SELECT page, count() AS events
FROM {{events}}
WHERE page NOT IN ({{steps}})
GROUP BY page
ORDER BY events DESC, page
LIMIT {{max_pages}}
SETTINGS
    -- the answer is whole or an error, whatever the user's profile says: no
    -- shard skipped, no limit cutting rows short with a 200, no extra rows
    skip_unavailable_shards = 0, join_use_nulls = 0, extremes = 0,
    read_overflow_mode = 'throw', group_by_overflow_mode = 'throw', sort_overflow_mode = 'throw',
    result_overflow_mode = 'throw', timeout_overflow_mode = 'throw', set_overflow_mode = 'throw',
    join_overflow_mode = 'throw', transfer_overflow_mode = 'throw', distinct_overflow_mode = 'throw'
