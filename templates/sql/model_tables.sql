-- model: the warehouse as built, for the documents.
SELECT name, sql
FROM sqlite_schema
WHERE type = 'table'
ORDER BY rowid;
