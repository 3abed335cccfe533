-- model: a view with the dimensions joined, for queries on a kept warehouse
-- (--keep-warehouse): one row per page visit with its step, day and month.
CREATE VIEW v_page_visit AS
SELECT v.visit_key, v.user_key, u.user_id, v.step_index, s.step, v.event_time,
       d.date, d.month
FROM fact_page_visit AS v
JOIN dim_user AS u ON u.user_key = v.user_key
JOIN dim_step AS s ON s.step_index = v.step_index
JOIN dim_date AS d ON d.date_key = v.date_key;
