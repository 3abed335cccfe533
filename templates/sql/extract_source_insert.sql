INSERT INTO stg_source (source_key, name, kind, rows_read) VALUES {{rows}};
