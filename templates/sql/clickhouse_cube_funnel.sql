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
-- functions instead, the one pass of generator/warehouse/level.c spelled
-- out per step (clickhouse_user_pass.sql). Every event at a funnel step by
-- a known user counts, before the user's signup date too (SPEC 4).
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
{{>sql/clickhouse_user_pass.sql}}
        _fr_level > 0 AS _fr_entered
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
    WHERE _fr_entered
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
