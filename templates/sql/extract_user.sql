INSERT INTO stg_user VALUES (?1, ?2, ?3, ?4{{attr_params}});
