INSERT INTO fact_page_visit (user_key, step_index, event_time, date_key) VALUES {{rows}};
