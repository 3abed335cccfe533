-- --from-cube: what summary.json (bound as ?1) says of the run that wrote
-- the cubes, read with SQLite's JSON functions. Seven statements, read in this
-- order by generator/source/cubein.c: the settings, the steps, the dimensions, the
-- inputs, the data quality, the stages and the funnel under the other rule.
SELECT json_extract(?1, '$.title'), json_extract(?1, '$.source'),
       json_extract(?1, '$.period.first_event'), json_extract(?1, '$.period.last_event'),
       json_extract(?1, '$.settings.order'), json_extract(?1, '$.settings.window_days'),
       json_extract(?1, '$.settings.max_combo'), json_extract(?1, '$.totals.users'),
       json_extract(?1, '$.settings.csv_safe'), json_extract(?1, '$.period.has_times');
SELECT json_extract(value, '$.name')
FROM json_each(?1, '$.steps') ORDER BY key;
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
