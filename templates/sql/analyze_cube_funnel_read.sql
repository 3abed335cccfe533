SELECT {{cols}}level, users FROM cube_funnel ORDER BY {{cols}}level;
