-- cube_visits from the data lake: page visits and distinct visitors by every
-- user-attribute dimension, step and UTC month of the visit. Plain SQL (the
-- tests run it on SQLite). Visitors add up over attribute values, never
-- over steps or months (one user can be in two).
SELECT {{#vdims}}{{expr}} AS {{alias}}, {{/vdims}}v.step_index AS step_index, s.step AS step,
       d.month AS month, COUNT(*) AS visits, COUNT(DISTINCT v.user_key) AS visitors
FROM fact_page_visit AS v
JOIN dim_user AS u ON u.user_key = v.user_key
JOIN dim_step AS s ON s.step_index = v.step_index
JOIN dim_date AS d ON d.date_key = v.date_key
GROUP BY {{#vdims}}{{expr}}, {{/vdims}}v.step_index, s.step, d.month
ORDER BY {{#vdims}}{{expr}}, {{/vdims}}v.step_index, d.month
