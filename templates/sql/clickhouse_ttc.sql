-- Time to convert on a ClickHouse cluster, ordered mode only: for every
-- step after the first, how long each user took from entering the funnel
-- (the first step-1 visit) to reaching the step (the visit that first
-- completed a chain to it, within the window), counted into the fine and
-- coarse bins of generator/core/ttc.c, overall (dim 0) and in every segment
-- of a single dimension (dim = its 1-based index, value = its value). One
-- row per group, step, fine bin and coarse bin with the users in it:
-- histograms, whose size does not grow with the users; the quantiles are
-- worked out from them on this side, exactly as a local run does.
--
-- Where it runs: as clickhouse_cube_funnel.sql explains, each shard does
-- its own users and sends back its part of the histograms; the outer
-- SELECT sums the parts.
SELECT
    _fr_g AS dim,
    _fr_gv AS value,
    intDiv(_fr_key, 1048576) AS step_index,
    intDiv(_fr_key, 16) % 65536 AS fine,
    _fr_key % 16 AS coarse,
    sum(_fr_users) AS users
FROM
(
    WITH
{{>sql/clickhouse_user_pass.sql}}
        -- when the user reached each step: the time of the visit that first
        -- completed a chain to it (a step beyond the level is never used)
        arrayMap(i -> _fr_t[i], _fr_reached) AS _fr_reach,
        -- (step, seconds from entry) for each step after the first the user
        -- reached; then (step, seconds, octave) with 2^octave <= seconds <
        -- 2^(octave + 1), from log2 and made exact with integers; then (step,
        -- fine bin, coarse bin) as generator/core/ttc.c bins them: one a
        -- second below {{linear}} s, then {{sub}} an octave; and how many of the
        -- coarse histogram's lower bounds the time passed. Each step names
        -- the one before once ([x][1], as in the per-user pass).
        arrayMap(x -> arrayFilter(s -> s.1 <= _fr_level, arrayMap(k -> (k, x[k] - x[1]), [{{#later}}{{^first}}, {{/first}}{{index}}{{/later}}])),
                 [_fr_reach])[1] AS _fr_secs,
        arrayMap(x -> (x.1, x.2, toInt64(floor(log2(toFloat64(greatest(x.2, 1)))))), _fr_secs) AS _fr_oct0,
        arrayMap(x -> (x.1, x.2, x.3 - (bitShiftLeft(toInt64(1), x.3) > x.2) + (bitShiftLeft(toInt64(1), x.3 + 1) <= x.2)),
                 _fr_oct0) AS _fr_oct,
        arrayMap(x -> (x.1 * 65536 + if(x.2 < {{linear}}, x.2, {{linear}} + (x.3 - {{log2_linear}}) * {{sub}}
                                                         + bitAnd(bitShiftRight(x.2, x.3 - {{log2_sub}}), {{sub}} - 1))) * 16
                      + (0{{#coarse}} + (x.2 >= {{lower}}){{/coarse}}),
                 _fr_oct) AS _fr_keys,
        -- every group the user is in: overall, then each dimension's value
        arrayJoin([(0, ''){{#dims}}, ({{index}}, {{#month}}_fr_month{{/month}}{{^month}}u.{{column}}{{/month}}){{/dims}}]) AS _fr_grp
    -- only what is grouped or counted (18.16 calls another column an
    -- unknown identifier of the JOIN); two arrayJoins make a row for each
    -- pair of a group and a step: key = (step * 65536 + fine) * 16 + coarse
    SELECT
        _fr_grp.1 AS _fr_g,
        _fr_grp.2 AS _fr_gv,
        arrayJoin(_fr_keys) AS _fr_key,
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
    WHERE _fr_level >= 2
    GROUP BY _fr_g, _fr_gv, _fr_key
)
GROUP BY _fr_g, _fr_gv, _fr_key
ORDER BY _fr_g, _fr_gv, _fr_key
SETTINGS
    -- each shard does its own users, whole (see clickhouse_cube_funnel.sql)
    distributed_product_mode = 'local', distributed_group_by_no_merge = 1,
    -- the answer is whole or an error, whatever the user's profile says: no
    -- shard skipped, no limit cutting rows short with a 200, no extra rows
    skip_unavailable_shards = 0, join_use_nulls = 0, extremes = 0,
    read_overflow_mode = 'throw', group_by_overflow_mode = 'throw', sort_overflow_mode = 'throw',
    result_overflow_mode = 'throw', timeout_overflow_mode = 'throw', set_overflow_mode = 'throw',
    join_overflow_mode = 'throw', transfer_overflow_mode = 'throw', distinct_overflow_mode = 'throw'
