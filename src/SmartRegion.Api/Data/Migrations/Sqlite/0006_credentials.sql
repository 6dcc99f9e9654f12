-- Only admin keys lack a region, enforced by the database (same rule as CK_ApiKeys_RegionUnlessAdmin on SQL Server).
-- SQLite adds a CHECK only by rebuilding the table: create the new shape, copy, drop the old, rename. Nothing refers
-- to ApiKeys, so no foreign key has to be switched off; a row breaking the rule stops the migration (DbUp rolls back).
CREATE TABLE ApiKeys_0006 (
    Id TEXT NOT NULL PRIMARY KEY,
    KeyHash TEXT NOT NULL UNIQUE,
    Role TEXT NOT NULL CHECK (Role IN ('admin', 'coordinator', 'member', 'reader')),
    RegionId TEXT NULL REFERENCES Regions (Id),
    Ags TEXT NULL,
    Label TEXT NOT NULL,
    CreatedAt TEXT NOT NULL,
    RevokedAt TEXT NULL,
    CONSTRAINT CK_ApiKeys_RegionUnlessAdmin CHECK ((Role = 'admin' AND RegionId IS NULL) OR (Role <> 'admin' AND RegionId IS NOT NULL))
);

INSERT INTO ApiKeys_0006 (Id, KeyHash, Role, RegionId, Ags, Label, CreatedAt, RevokedAt)
SELECT Id, KeyHash, Role, RegionId, Ags, Label, CreatedAt, RevokedAt FROM ApiKeys;

DROP TABLE ApiKeys;

ALTER TABLE ApiKeys_0006 RENAME TO ApiKeys;
