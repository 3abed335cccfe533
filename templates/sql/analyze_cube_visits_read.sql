SELECT {{cols}}step_index, month, visits, visitors FROM cube_visits ORDER BY {{cols}}step_index, month;
