INSERT INTO dim_date VALUES {{rows}};
