INSERT INTO dim_step (step_index, step) VALUES {{rows}};
