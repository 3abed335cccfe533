INSERT INTO cube_funnel VALUES {{rows}};
