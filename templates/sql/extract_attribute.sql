INSERT INTO stg_attribute (attr_index, name) VALUES (?1, ?2);
