-- cube_funnel on a ClickHouse cluster (tested on 18.16, Debian bookworm's):
-- one row per combination of every dimension and the deepest step reached,
-- for the users who entered, as data/cube_funnel.csv has it. {{users}} and
-- {{events}} are Distributed tables sharded by the same hash of user_id (or
-- plain tables on one server), so every user's row and events are on one
-- shard.
--
-- Where it runs. The inner SELECT reads {{users}} itself, so ClickHouse
-- sends it whole to every shard, with {{users}} replaced by the shard's
-- local table; distributed_product_mode = 'local' does the same for
-- {{events}} in the JOIN, so each shard joins its own users to its own
-- events and finds their levels alone. distributed_group_by_no_merge = 1
-- has each shard finish its GROUP BY and send back only its part of the
-- cube (one row per dimension values and level); users are disjoint across
-- shards, so the outer SELECT sums the parts on the node that was asked.
-- No per-user row leaves a shard.
--
-- Why not windowFunnel: in 18.16 it orders equal timestamps as the rows
-- happen to come (we count ties as in order), reads window 0 as "zero
-- seconds" (ours: no limit), wraps around for windows that reach past
-- 2106 and drops events after 2038-01-19, and takes at most 32 steps
-- (docs/clickhouse.md shows each case). The level is found with array
-- functions instead, the one pass of generator/warehouse/level.c spelled out per step.
SELECT
{{#dims}}
    _fr_d{{index}} AS {{name}},
{{/dims}}
    _fr_level AS level,
    sum(_fr_users) AS users
FROM
(
    -- WITH names the steps of the per-user pass without making them
    -- output columns (they are neither grouped nor aggregated).
    WITH
        -- A user's visits as time * 65536 + step, sorted: by time, then
        -- step, so equal times count as in order. groupUniqArray already
        -- dropped exact repeats (same user, page and time).
        arraySort(e._fr_visits) AS _fr_all,
{{#signup}}
        -- Events before the user's signup do not count (as in a local run).
        -- The parse takes UTC where the text has no offset. It cannot go
        -- below 1970 (an offset can take 1970-01-01 there), so a signup
        -- before 1970-01-02 counts as 0: before every event but those of
        -- its own first day.
        if(u.{{column}} < '1970-01-02', toInt64(0),
           toInt64(toUnixTimestamp(parseDateTimeBestEffortOrZero(replaceOne(u.{{column}}, ',', '.'), 'UTC'))))
            AS _fr_signup,
        arrayFilter(x -> intDiv(x, 65536) >= _fr_signup, _fr_all) AS _fr_v,
{{/signup}}
{{^signup}}
        _fr_all AS _fr_v,
{{/signup}}
        arrayMap(x -> toInt64(intDiv(x, 65536)), _fr_v) AS _fr_t,
        arrayMap(x -> x % 65536, _fr_v) AS _fr_k,
        -- month: the UTC month of the first step-1 visit, whichever chain
        -- goes deepest
        formatDateTime(toDateTime(arrayFirst((t, k) -> k = 1, _fr_t, _fr_k)), '%Y-%m', 'UTC') AS _fr_month,
{{#ordered}}
        -- Ordered: the one pass of generator/warehouse/level.c, a step at a time.
        -- _fr_bN[i] is the latest start (step-1 time) of a chain 1..N that
        -- is complete at visit i, or -1: the latest start is always the best
        -- one to extend, so it is all a visit to step N+1 needs. A visit to
        -- step N+1 extends _fr_bN at its own place when it falls within the
        -- window of that start, and _fr_bN+1 carries the best start so far
        -- forward: a running maximum, which 18.16 (no arrayFold) gets as
        -- x + arrayCumSumNonNegative(-arrayDifference(x)). Each step is one
        -- lambda over its input, [x][1], so the previous step's array is
        -- named once: 18.16 pastes every use of a WITH name, and two uses a
        -- step grow the query exponentially with the steps.
        arrayMap(x -> arrayMap((a, r) -> a + r, x, arrayCumSumNonNegative(arrayMap(d -> -d, arrayDifference(x)))),
                 [arrayMap((t, k) -> if(k = 1, t, -1), _fr_t, _fr_k)])[1] AS _fr_b1,
{{#later}}
        arrayMap(x -> arrayMap((a, r) -> a + r, x, arrayCumSumNonNegative(arrayMap(d -> -d, arrayDifference(x)))),
                 [arrayMap((t, k, b) -> if(k = {{index}} AND b >= 0{{#window}} AND t - b <= {{seconds}}{{/window}}, b, -1),
                           _fr_t, _fr_k, _fr_b{{prev}})])[1] AS _fr_b{{index}},
{{/later}}
        -- a chain to step N needs one to step N-1: the level is the number
        -- of steps some visit completed
        arrayExists(b -> b >= 0, _fr_b1){{#later}} + arrayExists(b -> b >= 0, _fr_b{{index}}){{/later}} AS _fr_level
{{/ordered}}
{{^ordered}}
        -- Any order: the steps 1..k each visited at all, whatever the times.
        arrayFirstIndex(f -> NOT f, arrayPushBack(arrayMap(n -> has(_fr_k, n), arrayEnumerate([{{steps}}])), 0)) - 1
            AS _fr_level
{{/ordered}}
    SELECT
{{#dims}}
        {{#month}}_fr_month{{/month}}{{^month}}u.{{column}}{{/month}} AS _fr_d{{index}},
{{/dims}}
        _fr_level,
        -- a user listed twice in {{users}} with the same attributes counts once
        uniqExact(u.user_id) AS _fr_users
    FROM {{users}} AS u
    ANY INNER JOIN
    (
        SELECT user_id,
               groupUniqArray(bitShiftLeft(toUInt64(toUInt32(event_time)), 16) + indexOf([{{steps}}], page))
                   AS _fr_visits
        FROM {{events}}
        WHERE page IN ({{steps}})
        GROUP BY user_id
    ) AS e USING user_id
    WHERE _fr_level > 0
    GROUP BY {{#dims}}_fr_d{{index}}, {{/dims}}_fr_level
)
GROUP BY {{#dims}}_fr_d{{index}}, {{/dims}}_fr_level
ORDER BY {{#dims}}_fr_d{{index}}, {{/dims}}_fr_level
SETTINGS
    -- each shard does its own users, whole (see the top)
    distributed_product_mode = 'local', distributed_group_by_no_merge = 1,
    -- the answer is whole or an error, whatever the user's profile says: no
    -- shard skipped, no limit cutting rows short with a 200, no extra rows
    skip_unavailable_shards = 0, join_use_nulls = 0, extremes = 0,
    read_overflow_mode = 'throw', group_by_overflow_mode = 'throw', sort_overflow_mode = 'throw',
    result_overflow_mode = 'throw', timeout_overflow_mode = 'throw', set_overflow_mode = 'throw',
    join_overflow_mode = 'throw', transfer_overflow_mode = 'throw', distinct_overflow_mode = 'throw'
