-- analyze: the two cubes, aggregated once at the finest grain. Every
-- breakdown of the report is rolled up from them, never from the events.
-- Column d<i> is dimension i of the run (see summary.json "dimensions").

-- Users who entered the funnel, per combination of all dimensions and the
-- deepest step reached.
CREATE TABLE cube_funnel AS
SELECT {{dim_exprs}}f.level AS level,
       count(*) AS users
FROM fact_user_funnel AS f
JOIN dim_user AS u ON u.user_key = f.user_key
WHERE f.level > 0
GROUP BY {{dim_group}}f.level;

-- Page visits and distinct visitors per combination of the user
-- dimensions, step and calendar month of the visit. A visit counts whether
-- or not its user entered the funnel.
CREATE TABLE cube_visits AS
SELECT {{vdim_exprs}}v.step_index AS step_index,
       v.month AS month,
       count(*) AS visits,
       count(DISTINCT v.user_key) AS visitors
FROM fact_page_visit AS v
JOIN dim_user AS u ON u.user_key = v.user_key
GROUP BY {{vdim_group}}v.step_index, v.month;
