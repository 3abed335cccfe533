UPDATE stg_source SET rows_read = ?2 WHERE source_key = ?1;
