-- model: an exact duplicate (same user, step and time) counts once.
DELETE FROM fact_page_visit WHERE visit_key IN ({{rows}});
