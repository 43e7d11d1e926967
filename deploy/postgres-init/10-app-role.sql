-- Run once by the postgres image when its data volume is new (/docker-entrypoint-initdb.d): the role the replicas
-- connect as. It owns nothing: the image's POSTGRES_USER owns the schema, and the migrate service (db migrate with
-- DATABASE_MIGRATION_URL) migrates and grants this role reading and writing, but no update or delete of append-only
-- rows, no TRUNCATE, and no way to alter a table or switch its triggers off. Change the password here and in
-- compose.yaml together.
CREATE ROLE provenant_app LOGIN PASSWORD 'provenant-app';
