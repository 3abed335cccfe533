-- Data quality from {{users}} and each user's visits, with the meanings of a
-- local run's data_quality (data/summary.json) where it has them. One row:
--   users_read          every row of {{users}}
--   users               distinct user_id
--   duplicate_users     rows whose user_id came before (users_read - users)
--   conflicting_rows    rows of a repeated user_id that differ from its
--                       first in some attribute: a local run keeps the first
--                       row read, a table has no first, so the caller must
--                       refuse these (identical repeats are harmless: the
--                       cube queries count a user once)
--   signup_not_date     users whose {{#signup}}{{column}}{{/signup}}{{^signup}}signup_date (or date){{/signup}} is neither empty nor a date
--   users_with_events   users with at least one page visit
--   users_timed         users whose visits fall at more than one instant (none
--                       at all: the data carries no times to measure)
--   users_entered       users with a step-1 visit (users - users_entered
--                       is users_not_entered)
--   users_out_of_order  entered users whose first visit at some step came
--                       before their first visit at the step preceding it,
--                       or without it
--   other_N             entered users whose level under the other rule (any
--                       order for an ordered run, in order with the window
--                       for an any-order one) is N
--   longest_*           the longest user_id and attribute values, in bytes
-- Visits are as in the cubes: funnel steps, exact repeats once. Each shard
-- does its own users (see clickhouse_cube_funnel.sql) and the outer SELECT
-- adds the parts.
SELECT
    sum(_fr_rows) AS users_read,
    sum(_fr_users) AS users,
    sum(_fr_rows) - sum(_fr_users) AS duplicate_users,
    sum(_fr_variants) - sum(_fr_users) AS conflicting_rows,
    sum(_fr_not_date) AS signup_not_date,
    sum(_fr_with_events) AS users_with_events,
    sum(_fr_timed) AS users_timed,
    sum(_fr_entered) AS users_entered,
    sum(_fr_out_of_order) AS users_out_of_order,
{{#allsteps}}
    sum(_fr_o{{index}}) AS other_{{index}},
{{/allsteps}}
    max(_fr_longest_user) AS longest_user_id{{#columns}},
    max(_fr_l{{index}}) AS longest_{{index}}{{/columns}}
FROM
(
    WITH
{{>sql/clickhouse_user_pass.sql}}
{{#signup}}
        u.{{column}} AS _fr_s,
{{>sql/clickhouse_signup.sql}}
        notEmpty(_fr_s) AND NOT _fr_signup_ok AS _fr_bad_signup,
{{/signup}}
{{^signup}}
        0 AS _fr_bad_signup,
{{/signup}}
        -- step N's first visit before step N-1's first, or step N without
        -- step N-1 (visits are sorted, so arrayFirst finds the first)
        has(_fr_k, 1) AND (0{{#later}}
        OR (has(_fr_k, {{index}}) AND (NOT has(_fr_k, {{prev}})
            OR arrayFirst((t, k) -> k = {{index}}, _fr_t, _fr_k) < arrayFirst((t, k) -> k = {{prev}}, _fr_t, _fr_k))){{/later}})
            AS _fr_ooo
    SELECT
        count() AS _fr_rows,
        uniqExact(u.user_id) AS _fr_users,
        uniqExact(tuple(u.user_id{{#columns}}, u.{{column}}{{/columns}})) AS _fr_variants,
        uniqExactIf(u.user_id, _fr_bad_signup) AS _fr_not_date,
        uniqExactIf(u.user_id, notEmpty(_fr_k)) AS _fr_with_events,
        uniqExactIf(u.user_id, notEmpty(_fr_t) AND _fr_t[1] != _fr_t[-1]) AS _fr_timed,
        uniqExactIf(u.user_id, has(_fr_k, 1)) AS _fr_entered,
        uniqExactIf(u.user_id, _fr_ooo) AS _fr_out_of_order,
{{#allsteps}}
        uniqExactIf(u.user_id, has(_fr_k, 1) AND _fr_other = {{index}}) AS _fr_o{{index}},
{{/allsteps}}
        max(length(u.user_id)) AS _fr_longest_user{{#columns}},
        max(length(u.{{column}})) AS _fr_l{{index}}{{/columns}}
    FROM {{users}} AS u
    -- a user without visits gets an empty array
    ANY LEFT JOIN
    (
        SELECT user_id,
               groupUniqArray(bitShiftLeft(toUInt64(toUInt32(event_time)), 16) + indexOf([{{steps}}], page))
                   AS _fr_visits
        FROM {{events}}
        WHERE page IN ({{steps}})
        GROUP BY user_id
    ) AS e USING user_id
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
