INSERT INTO stg_event (source_key, line, user_id, page, event_time) VALUES (?1, ?2, ?3, ?4, ?5);
