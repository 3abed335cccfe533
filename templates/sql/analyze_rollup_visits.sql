-- analyze: one visits breakdown rolled up from the visits cube.
SELECT {{cols}}v.step_index,
       v.month,
       sum(v.visits) AS visits,
       sum(v.visitors) AS visitors
FROM cube_visits AS v
GROUP BY {{cols}}v.step_index, v.month
ORDER BY {{cols}}v.step_index, v.month;
