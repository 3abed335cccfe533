INSERT INTO stg_visit_repeat (visit_key) VALUES {{rows}};
