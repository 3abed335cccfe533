-- analyze: every page visit in user and time order (visit_key order, see
-- model_load.sql), for the per-user pass in C (generator/level.c) that
-- decides how far each user got.
SELECT user_key, step_index, event_time
FROM fact_page_visit
ORDER BY visit_key;
