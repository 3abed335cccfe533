INSERT INTO stg_page (page_key, page, step_index, events) VALUES {{rows}};
