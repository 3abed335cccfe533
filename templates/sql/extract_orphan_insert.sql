INSERT INTO stg_event_orphan VALUES {{rows}};
