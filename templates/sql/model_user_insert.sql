INSERT INTO dim_user VALUES {{rows}};
