-- --from-cube: what summary.json (bound as ?1) says of the run that wrote
-- the cubes, read with SQLite's JSON functions. Eight statements, read in this
-- order by generator/source/cubein.c: the settings, the steps (with their page
-- patterns), the dimensions, the inputs, the data quality, the stages, the
-- funnel under the other rule and the most visited pages at no step.
SELECT json_extract(?1, '$.title'), json_extract(?1, '$.source'),
       json_extract(?1, '$.period.first_event'), json_extract(?1, '$.period.last_event'),
       json_extract(?1, '$.settings.order'), json_extract(?1, '$.settings.window_days'),
       json_extract(?1, '$.settings.max_combo'), json_extract(?1, '$.totals.users'),
       json_extract(?1, '$.settings.csv_safe'), json_extract(?1, '$.period.has_times');
SELECT json_extract(s.value, '$.name'),
       (SELECT group_concat(p.value, '|') FROM json_each(s.value, '$.pages') AS p)
FROM json_each(?1, '$.steps') AS s ORDER BY s.key;
SELECT json_extract(value, '$.name'), json_extract(value, '$.values')
FROM json_each(?1, '$.dimensions') ORDER BY key;
SELECT json_extract(value, '$.name'), json_extract(value, '$.kind'), json_extract(value, '$.rows')
FROM json_each(?1, '$.inputs') ORDER BY key;
SELECT json_extract(value, '$.name'), json_extract(value, '$.count')
FROM json_each(?1, '$.data_quality') ORDER BY key;
SELECT json_extract(value, '$.name'), json_extract(value, '$.depends_on'),
       json_extract(value, '$.rows_in'), json_extract(value, '$.rows_out'),
       json_extract(value, '$.rows_out_are'), json_extract(value, '$.start_seconds'),
       json_extract(value, '$.seconds')
FROM json_each(?1, '$.stages') ORDER BY key;
SELECT json_extract(value, '$.users')
FROM json_each(?1, '$.other_order.steps') ORDER BY key;
SELECT json_extract(value, '$.page'), json_extract(value, '$.events')
FROM json_each(?1, '$.unknown_pages') ORDER BY key;
