-- A service's first migration, applied before the kit had its 0.3 (OutboxMigrationTest).
CREATE TABLE a_service_table (id int PRIMARY KEY);
