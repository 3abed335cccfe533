-- analyze: one funnel breakdown rolled up from the cube. {{cols}} are the
-- breakdown's dimensions; a user reached step k when their level is k or
-- more. Segments partition users, so the sums are distinct users.
SELECT {{cols}}s.step_index,
       sum(CASE WHEN c.level >= s.step_index THEN c.users ELSE 0 END) AS users
FROM cube_funnel AS c
CROSS JOIN dim_step AS s
GROUP BY {{cols}}s.step_index
ORDER BY {{cols}}s.step_index;
