INSERT INTO cube_visits VALUES {{rows}};
