INSERT INTO stg_source (name, kind) VALUES (?1, ?2);
