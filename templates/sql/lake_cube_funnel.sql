-- cube_funnel from the data lake: the warehouse's star schema as files
-- (fact_page_visit, dim_user, dim_date), one row per combination of every
-- dimension and the deepest step reached. Plain SQL: CTEs, joins, GROUP BY
-- (the tests check it against the per-user pass's cube on SQLite).
-- The per-user pass of generator/warehouse/level.c, as joins: a chain may start at
-- {{#window}}any{{/window}}{{^window}}the first{{/window}} visit to step 1; each next step is its first visit at
-- or after the step before{{#window}}, within {{seconds}} seconds of the chain's start{{/window}}.
WITH entry AS (
    -- funnel entry: the day (and so the UTC month) of each user's first step-1 visit
    SELECT user_key, MIN(date_key) AS date_key
    FROM fact_page_visit
    WHERE step_index = 1
    GROUP BY user_key
),
{{#ordered}}
{{#window}}
c1 AS (
    SELECT user_key, event_time AS s, event_time AS t
    FROM fact_page_visit
    WHERE step_index = 1
),
{{/window}}
{{^window}}
c1 AS (
    SELECT user_key, MIN(event_time) AS s, MIN(event_time) AS t
    FROM fact_page_visit
    WHERE step_index = 1
    GROUP BY user_key
),
{{/window}}
{{#later}}
c{{index}} AS (
    SELECT c.user_key, c.s, MIN(v.event_time) AS t
    FROM c{{prev}} AS c
    JOIN fact_page_visit AS v
      ON v.user_key = c.user_key AND v.step_index = {{index}} AND v.event_time >= c.t{{#window}}
     AND v.event_time <= c.s + {{seconds}}{{/window}}
    GROUP BY c.user_key, c.s
),
{{/later}}
levels AS (
    SELECT c1.user_key,
           MAX(CASE {{#later_desc}}WHEN c{{index}}.t IS NOT NULL THEN {{index}} {{/later_desc}}ELSE 1 END) AS level
    FROM c1
{{#later}}
    LEFT JOIN c{{index}} ON c{{index}}.user_key = c1.user_key AND c{{index}}.s = c1.s
{{/later}}
    GROUP BY c1.user_key
)
{{/ordered}}
{{^ordered}}
levels AS (
    -- any order: the steps 1..k a user visited at all, whatever the times
    SELECT user_key,
           CASE {{#steps}}WHEN MAX(CASE WHEN step_index = {{index}} THEN 1 ELSE 0 END) = 0 THEN {{prev}}
                {{/steps}}ELSE {{nsteps}} END AS level
    FROM fact_page_visit
    GROUP BY user_key
)
{{/ordered}}
SELECT {{#dims}}{{expr}} AS {{alias}}, {{/dims}}l.level AS level, COUNT(*) AS users
FROM levels AS l
JOIN entry AS e ON e.user_key = l.user_key
JOIN dim_user AS u ON u.user_key = l.user_key
JOIN dim_date AS d ON d.date_key = e.date_key
GROUP BY {{#dims}}{{expr}}, {{/dims}}l.level
ORDER BY {{#dims}}{{expr}}, {{/dims}}l.level
