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
--   users_with_events   users with at least one page visit
--   users_entered       users with a step-1 visit (users - users_entered
--                       is users_not_entered)
--   users_out_of_order  users whose first visit at some step came before
--                       their first visit at the step preceding it, or
--                       without it
{{#signup}}
--   bad_signups         users whose signup is not a date a local run reads
--                       (YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|+hh[:mm]],
--                       a real day, 1970 to 2105 for the time part), and
--   bad_signup_user, bad_signup_value  the first of them by user_id
{{/signup}}
-- Visits are as in the cubes: funnel steps, exact repeats once, none before
-- the signup. Each shard does its own users (see clickhouse_cube_funnel.sql)
-- and the outer SELECT adds the parts.
SELECT
    sum(_fr_rows) AS users_read,
    sum(_fr_users) AS users,
    sum(_fr_rows) - sum(_fr_users) AS duplicate_users,
    sum(_fr_variants) - sum(_fr_users) AS conflicting_rows,
    sum(_fr_with_events) AS users_with_events,
    sum(_fr_entered) AS users_entered,
    sum(_fr_out_of_order) AS users_out_of_order{{#signup}},
    sum(_fr_bad) AS bad_signups,
    minIf(_fr_bad_user, _fr_bad > 0) AS bad_signup_user,
    argMinIf(_fr_bad_value, _fr_bad_user, _fr_bad > 0) AS bad_signup_value{{/signup}}
FROM
(
    WITH
{{#signup}}
        -- the grammar of generator/base/timestamp.c, then a real calendar day
        -- (18.16's parser would move 2025-02-30 to March) and a year that
        -- DateTime holds; before 1970 is fine: it is before every event
        NOT match(u.{{column}}, '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.,][0-9]+)?)?)?(Z|[+-](1[0-7]|0[0-9])(:?[0-5][0-9])?|[+-]18(:?00)?)?$')
            OR (u.{{column}} >= '1970'
                AND (u.{{column}} >= '2106'
                     OR formatDateTime(parseDateTimeBestEffortOrZero(substring(u.{{column}}, 1, 10), 'UTC'), '%Y-%m-%d', 'UTC')
                        != substring(u.{{column}}, 1, 10)))
            AS _fr_bad_row,
        if(u.{{column}} < '1970-01-02', toInt64(0),
           toInt64(toUnixTimestamp(parseDateTimeBestEffortOrZero(replaceOne(u.{{column}}, ',', '.'), 'UTC'))))
            AS _fr_signup,
        arrayFilter(x -> intDiv(x, 65536) >= _fr_signup, arraySort(e._fr_visits)) AS _fr_v,
{{/signup}}
{{^signup}}
        arraySort(e._fr_visits) AS _fr_v,
{{/signup}}
        arrayMap(x -> toInt64(intDiv(x, 65536)), _fr_v) AS _fr_t,
        arrayMap(x -> x % 65536, _fr_v) AS _fr_k,
        -- step N's first visit before step N-1's first, or step N without
        -- step N-1 (visits are sorted, so arrayFirst finds the first)
        0{{#later}}
        OR (has(_fr_k, {{index}}) AND (NOT has(_fr_k, {{prev}})
            OR arrayFirst((t, k) -> k = {{index}}, _fr_t, _fr_k) < arrayFirst((t, k) -> k = {{prev}}, _fr_t, _fr_k))){{/later}}
            AS _fr_ooo
    SELECT
        count() AS _fr_rows,
        uniqExact(u.user_id) AS _fr_users,
        uniqExact(tuple(u.user_id{{#columns}}, u.{{column}}{{/columns}})) AS _fr_variants,
        uniqExactIf(u.user_id, notEmpty(_fr_k)) AS _fr_with_events,
        uniqExactIf(u.user_id, has(_fr_k, 1)) AS _fr_entered,
        uniqExactIf(u.user_id, _fr_ooo) AS _fr_out_of_order{{#signup}},
        uniqExactIf(u.user_id, _fr_bad_row) AS _fr_bad,
        minIf(u.user_id, _fr_bad_row) AS _fr_bad_user,
        argMinIf(u.{{column}}, u.user_id, _fr_bad_row) AS _fr_bad_value{{/signup}}
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
    -- each shard does its own users, whole (see the top)
    distributed_product_mode = 'local', distributed_group_by_no_merge = 1,
    -- the answer is whole or an error, whatever the user's profile says: no
    -- shard skipped, no limit cutting rows short with a 200, no extra rows
    skip_unavailable_shards = 0, join_use_nulls = 0, extremes = 0,
    read_overflow_mode = 'throw', group_by_overflow_mode = 'throw', sort_overflow_mode = 'throw',
    result_overflow_mode = 'throw', timeout_overflow_mode = 'throw', set_overflow_mode = 'throw',
    join_overflow_mode = 'throw', transfer_overflow_mode = 'throw', distinct_overflow_mode = 'throw'
