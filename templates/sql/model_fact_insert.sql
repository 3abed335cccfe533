INSERT INTO fact_page_visit (visit_key, user_key, step_index, event_time, date_key) VALUES {{rows}};
