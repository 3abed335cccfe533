-- cube_visits on a ClickHouse cluster (tested on 18.16, Debian bookworm's):
-- page visits and distinct visitors by every user-attribute dimension, step
-- and UTC month of the visit, as data/cube_visits.csv has it. Every event
-- at a funnel step by a known user is a visit, whether or not the user
-- entered the funnel, and whether or not it came before the user's
-- signup date.
--
-- Where it runs: as clickhouse_cube_funnel.sql explains. The inner SELECT
-- reads {{events}} itself, so it goes whole to every shard, and the JOIN's
-- {{users}} becomes the shard's local users (distributed_product_mode =
-- 'local'): each shard joins its own events to its own users, finishes its
-- GROUP BY (distributed_group_by_no_merge = 1) and sends back its part of
-- the cube. A user's events are all on one shard, so visits and distinct
-- visitors of the parts add up; the outer SELECT sums them.
SELECT
{{#vdims}}
    _fr_d{{index}} AS {{name}},
{{/vdims}}
    _fr_step AS step_index,
    [{{steps}}][_fr_step] AS step,
    _fr_month AS month,
    sum(_fr_visits) AS visits,
    sum(_fr_visitors) AS visitors
FROM
(
    SELECT
{{#vdims}}
        _fr_a{{index}} AS _fr_d{{index}},
{{/vdims}}
        indexOf([{{steps}}], page) AS _fr_step,
        -- the month of the visit, in UTC whatever the server's time zone
        formatDateTime(event_time, '%Y-%m', 'UTC') AS _fr_month,
        -- exact repeats (same user, page and time) count once; the page is
        -- fixed by the group, so the pair is the event
        uniqExact(user_id, toUInt32(event_time)) AS _fr_visits,
        uniqExact(user_id) AS _fr_visitors
    FROM {{events}}
    -- ANY: a user listed twice in {{users}} still joins once. The users'
    -- columns are renamed so none can clash with a column of {{events}}.
    ANY INNER JOIN
    (
        SELECT user_id{{#vdims}}, {{column}} AS _fr_a{{index}}{{/vdims}}
        FROM {{users}}
    ) USING user_id
    -- every visit counts, before the user's signup date too (SPEC 4)
    WHERE page IN ({{steps}})
    GROUP BY {{#vdims}}_fr_d{{index}}, {{/vdims}}_fr_step, _fr_month
)
GROUP BY {{#vdims}}_fr_d{{index}}, {{/vdims}}_fr_step, _fr_month
ORDER BY {{#vdims}}_fr_d{{index}}, {{/vdims}}_fr_step, _fr_month
SETTINGS
    -- each shard does its own users, whole (see the top)
    distributed_product_mode = 'local', distributed_group_by_no_merge = 1,
    -- the answer is whole or an error, whatever the user's profile says: no
    -- shard skipped, no limit cutting rows short with a 200, no extra rows
    skip_unavailable_shards = 0, join_use_nulls = 0, extremes = 0,
    read_overflow_mode = 'throw', group_by_overflow_mode = 'throw', sort_overflow_mode = 'throw',
    result_overflow_mode = 'throw', timeout_overflow_mode = 'throw', set_overflow_mode = 'throw',
    join_overflow_mode = 'throw', transfer_overflow_mode = 'throw', distinct_overflow_mode = 'throw'
