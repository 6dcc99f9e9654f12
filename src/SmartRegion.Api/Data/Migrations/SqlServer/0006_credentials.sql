-- Only admin keys lack a region, enforced by the database (same rule as the rebuilt ApiKeys table on SQLite).
-- WITH CHECK: existing rows are checked too, and a row breaking the rule stops the migration.
ALTER TABLE dbo.ApiKeys WITH CHECK ADD CONSTRAINT CK_ApiKeys_RegionUnlessAdmin
    CHECK ((Role = N'admin' AND RegionId IS NULL) OR (Role <> N'admin' AND RegionId IS NOT NULL));
GO
