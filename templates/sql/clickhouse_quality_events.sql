-- Data quality from {{events}}: what the cluster can count cheaply, with the
-- meanings of a local run's data_quality (data/summary.json). One row:
--   events_read          every row of {{events}}
--   unknown_page_events  at a page that is not a funnel step
--   unknown_user_events  at a funnel step, user_id not in {{users}}
--   duplicate_events     repeats of (user_id, page, event_time) among the rest
--   page_visits          the rest, repeats counted once
--   visits_before_signup of those, dated before the user's signup{{^signup}} (no
--                        signup_date or date column: 0){{/signup}}
--   first_event, last_event  UTC seconds of the first and last page visit
--                        (meaningless when page_visits is 0)
--   longest_user_id, longest_page  the longest values, in bytes
-- As the cube queries: each shard joins its own events to its own users
-- (distributed_product_mode = 'local'), finishes its counts
-- (distributed_group_by_no_merge = 1), and the outer SELECT adds them up;
-- a user's events are on one shard, so repeats are found there.
SELECT
    sum(_fr_read) AS events_read,
    sum(_fr_unknown_page) AS unknown_page_events,
    sum(_fr_unknown_user) AS unknown_user_events,
    sum(_fr_kept) - sum(_fr_visits) AS duplicate_events,
    sum(_fr_visits) AS page_visits,
    sum(_fr_before_signup) AS visits_before_signup,
    -- a shard without visits says 0: it must not win the minimum
    minIf(_fr_first, _fr_visits > 0) AS first_event,
    maxIf(_fr_last, _fr_visits > 0) AS last_event,
    max(_fr_longest_user) AS longest_user_id,
    max(_fr_longest_page) AS longest_page
FROM
(
    WITH
        page IN ({{steps}}) AS _fr_step,
        toInt64(toUInt32(event_time)) AS _fr_t,
        _fr_step AND _fr_known AS _fr_keep
    SELECT
        count() AS _fr_read,
        countIf(NOT _fr_step) AS _fr_unknown_page,
        countIf(_fr_step AND NOT _fr_known) AS _fr_unknown_user,
        countIf(_fr_keep) AS _fr_kept,
        uniqExactIf(user_id, page, _fr_t, _fr_keep) AS _fr_visits,
{{#signup}}
        uniqExactIf(user_id, page, _fr_t, _fr_keep AND _fr_has_signup AND _fr_t < _fr_signup_at) AS _fr_before_signup,
{{/signup}}
{{^signup}}
        toUInt64(0) AS _fr_before_signup,
{{/signup}}
        minIf(_fr_t, _fr_keep) AS _fr_first,
        maxIf(_fr_t, _fr_keep) AS _fr_last,
        max(length(user_id)) AS _fr_longest_user,
        max(length(page)) AS _fr_longest_page
    FROM {{events}}
    -- an event whose user is not in {{users}} gets the defaults: 0, not known
    ANY LEFT JOIN
    (
{{#signup}}
        WITH
            {{column}} AS _fr_s,
{{>sql/clickhouse_signup.sql}}
            toUInt8(_fr_signup_ok) AS _fr_dated
{{/signup}}
        SELECT user_id, toUInt8(1) AS _fr_known{{#signup}}, _fr_dated AS _fr_has_signup, _fr_signup AS _fr_signup_at{{/signup}}
        FROM {{users}}
    ) USING user_id
)
SETTINGS
    -- each shard does its own users, whole (see clickhouse_cube_funnel.sql)
    distributed_product_mode = 'local', distributed_group_by_no_merge = 1,
    -- the answer is whole or an error, whatever the user's profile says: no
    -- shard skipped, no limit cutting rows short with a 200, no extra rows
    skip_unavailable_shards = 0, join_use_nulls = 0, extremes = 0,
    read_overflow_mode = 'throw', group_by_overflow_mode = 'throw', sort_overflow_mode = 'throw',
    result_overflow_mode = 'throw', timeout_overflow_mode = 'throw', set_overflow_mode = 'throw',
    join_overflow_mode = 'throw', transfer_overflow_mode = 'throw', distinct_overflow_mode = 'throw'
