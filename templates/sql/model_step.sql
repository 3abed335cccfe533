INSERT INTO dim_step (step_index, step) VALUES (?1, ?2);
