INSERT INTO stg_user VALUES (?1, ?2, ?3{{attr_params}});
