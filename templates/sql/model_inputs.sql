SELECT name, kind, rows_read FROM stg_source ORDER BY source_key;
