-- The server funnel-report was pointed at: the database that unqualified
-- table names mean (the URL's ?database=, else the user's default), and the
-- version, for the report's source line and the log.
SELECT currentDatabase() AS database, version() AS version
