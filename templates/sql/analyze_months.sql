SELECT DISTINCT month FROM cube_visits ORDER BY month;
