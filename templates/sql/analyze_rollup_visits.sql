-- analyze: one visits breakdown rolled up from the visits cube. {{cols}} are
-- the breakdown's dimensions (user dimensions only).
SELECT {{cols}}c.step_index,
       c.month,
       sum(c.visits) AS visits,
       sum(c.visitors) AS visitors
FROM cube_visits AS c
GROUP BY {{cols}}c.step_index, c.month
ORDER BY {{cols}}c.step_index, c.month;
