INSERT INTO stg_attribute (attr_index, name) VALUES {{rows}};
