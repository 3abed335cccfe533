        -- The per-user pass (templates/sql/clickhouse_user_pass.sql, a
        -- partial of the queries that need each user's level; its items end
        -- with a comma, the query's own come after), from
        -- e._fr_visits: a user's visits at funnel steps as time * 65536 +
        -- step, exact repeats (same user, page and time) already dropped by
        -- groupUniqArray. Sorted: by time, then step, so equal times count
        -- as in order whatever order the rows are stored in.
        arraySort(e._fr_visits) AS _fr_v,
        arrayMap(x -> toInt64(intDiv(x, 65536)), _fr_v) AS _fr_t,
        arrayMap(x -> x % 65536, _fr_v) AS _fr_k,
        -- the entry month: the UTC month of the first step-1 visit, whichever
        -- chain goes deepest, never in the server's time zone
        formatDateTime(toDateTime(arrayFirst((t, k) -> k = 1, _fr_t, _fr_k)), '%Y-%m', 'UTC') AS _fr_month,
        -- In order: the one pass of generator/warehouse/level.c, a step at a
        -- time. For step N, b[i] is the latest start (step-1 time) of a
        -- chain 1..N complete at visit i, or -1: the latest start is always
        -- the best one to extend, so it is all a visit to step N+1 needs. A
        -- visit to step N+1 extends b at its own place when it falls within
        -- the window of that start (inclusive), and step N+1's b carries the
        -- best start so far forward: a running maximum, which 18.16 (no
        -- arrayFold) gets as x + arrayCumSumNonNegative(-arrayDifference(x)).
        -- _fr_cN is (b, the index of the visit that first completed a chain
        -- to each step 1..N, or 0). 18.16 pastes a WITH name's whole text
        -- wherever it is used, so every name is used once and each value
        -- that is needed twice goes through a one-element lambda, [x][1]:
        -- the query then grows with the steps, not with their square.
        arrayMap(b -> (b, [arrayFirstIndex(x -> x >= 0, b)]),
                 [arrayMap(x -> arrayMap((a, r) -> a + r, x,
                                         arrayCumSumNonNegative(arrayMap(d -> -d, arrayDifference(x)))),
                           [arrayMap((t, k) -> if(k = 1, t, -1), _fr_t, _fr_k)])[1]])[1] AS _fr_c1,
{{#later}}
        arrayMap(p -> arrayMap(b -> (b, arrayPushBack(p.2, arrayFirstIndex(x -> x >= 0, b))),
                               [arrayMap(x -> arrayMap((a, r) -> a + r, x,
                                                       arrayCumSumNonNegative(arrayMap(d -> -d, arrayDifference(x)))),
                                         [arrayMap((t, k, s) -> if(k = {{index}} AND s >= 0{{#window}} AND t - s <= {{seconds}}{{/window}}, s, -1),
                                                   _fr_t, _fr_k, p.1)])[1]])[1],
                 [_fr_c{{prev}}])[1] AS _fr_c{{index}},
{{/later}}
        -- the visits that first completed a chain to each step; a chain to
        -- step N needs one to step N-1, so the level in order is how many
        -- steps have one
        _fr_c{{nsteps}}.2 AS _fr_reached,
        arrayCount(i -> i > 0, _fr_reached) AS _fr_ordered,
        -- in any order: the steps 1..k each visited at all, whatever the times
        arrayFirstIndex(f -> NOT f, arrayPushBack(arrayMap(n -> has(_fr_k, n), arrayEnumerate([{{steps}}])), 0)) - 1
            AS _fr_any,
        -- the level by this run's rule, and by the other one (for the
        -- report's sentence on users out of order)
        {{#ordered}}_fr_ordered{{/ordered}}{{^ordered}}_fr_any{{/ordered}} AS _fr_level,
        {{#ordered}}_fr_any{{/ordered}}{{^ordered}}_fr_ordered{{/ordered}} AS _fr_other,
