INSERT INTO dim_attribute (attr_index, name, distinct_values) VALUES {{rows}};
