-- Keys compare and sort the same on SQL Server as on SQLite: byte by byte, never by the server's default collation
-- (which is usually case-insensitive and, for nvarchar, ignores hyphens when sorting and equates ß with ss).
-- 1. Every key column is declared COLLATE Latin1_General_100_BIN2 (SQLite compares binary by default). A column's
--    collation changes only while no index or constraint uses it, so those are dropped and re-created as they were.
--    Going from the default collation to a binary one only tells more values apart, so no existing row collides.
-- 2. Meeting and agenda numbers and decision references are unique by a folded key (ASCII letters in upper case,
--    TextKeys.ForReference in the service): NumberKey and ReferenceKey, filled here for existing rows with the
--    same fold. Existing rows that collide after folding (possible only where the server's collation was
--    case-sensitive) keep their numbers and references; the later row's key gets '#' and its id appended, so it
--    stays unique, and a change entry (kind 'key-disambiguated', actor system:migration-0007) records it.

-- Regions.Slug (keyset order of the region list)
ALTER TABLE dbo.Regions DROP CONSTRAINT UQ_Regions_Slug;
GO
ALTER TABLE dbo.Regions ALTER COLUMN Slug nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.Regions ADD CONSTRAINT UQ_Regions_Slug UNIQUE (Slug);
GO

-- Projects.Code (upper-case letters, digits and hyphens by validation: exact and folded are the same)
ALTER TABLE dbo.Projects DROP CONSTRAINT UQ_Projects_Region_Code;
GO
DROP INDEX IX_Projects_Region_Status_Code ON dbo.Projects;
GO
DROP INDEX IX_Projects_Region_Category_Code ON dbo.Projects;
GO
DROP INDEX IX_Projects_Region_FieldOfAction_Code ON dbo.Projects;
GO
ALTER TABLE dbo.Projects ALTER COLUMN Code nvarchar(20) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.Projects ADD CONSTRAINT UQ_Projects_Region_Code UNIQUE (RegionId, Code);
GO
CREATE INDEX IX_Projects_Region_Status_Code ON dbo.Projects (RegionId, Status, Code);
GO
CREATE INDEX IX_Projects_Region_Category_Code ON dbo.Projects (RegionId, Category, Code);
GO
CREATE INDEX IX_Projects_Region_FieldOfAction_Code ON dbo.Projects (RegionId, FieldOfActionId, Code);
GO

-- Themes.NameKey and FieldsOfAction.NameKey (folded by the service since 0001)
ALTER TABLE dbo.Themes DROP CONSTRAINT UQ_Themes_Region_NameKey;
GO
ALTER TABLE dbo.Themes ALTER COLUMN NameKey nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.Themes ADD CONSTRAINT UQ_Themes_Region_NameKey UNIQUE (RegionId, NameKey);
GO
ALTER TABLE dbo.FieldsOfAction DROP CONSTRAINT UQ_FieldsOfAction_Region_NameKey;
GO
ALTER TABLE dbo.FieldsOfAction ALTER COLUMN NameKey nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.FieldsOfAction ADD CONSTRAINT UQ_FieldsOfAction_Region_NameKey UNIQUE (RegionId, NameKey);
GO

-- IdempotencyKeys: a key is exact (case-sensitive), and so is its scope
ALTER TABLE dbo.IdempotencyKeys DROP CONSTRAINT PK_IdempotencyKeys;
GO
ALTER TABLE dbo.IdempotencyKeys ALTER COLUMN Scope nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.IdempotencyKeys ALTER COLUMN IdempotencyKey nvarchar(200) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.IdempotencyKeys ADD CONSTRAINT PK_IdempotencyKeys PRIMARY KEY (Scope, IdempotencyKey);
GO

-- Meetings.Number: exact, plus the folded NumberKey that uniqueness uses
ALTER TABLE dbo.Meetings DROP CONSTRAINT UQ_Meetings_Region_Number;
GO
ALTER TABLE dbo.Meetings ALTER COLUMN Number nvarchar(30) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.Meetings ADD CONSTRAINT UQ_Meetings_Region_Number UNIQUE (RegionId, Number);
GO
ALTER TABLE dbo.Meetings ADD NumberKey nvarchar(80) COLLATE Latin1_General_100_BIN2 NULL;
GO
UPDATE dbo.Meetings
SET NumberKey = TRANSLATE(Number COLLATE Latin1_General_100_BIN2, N'abcdefghijklmnopqrstuvwxyz', N'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
GO
DECLARE @now datetimeoffset(6) = CAST(SYSUTCDATETIME() AS datetimeoffset(6));
DECLARE @later TABLE (Id uniqueidentifier NOT NULL PRIMARY KEY, RegionId uniqueidentifier NOT NULL, Number nvarchar(30) NOT NULL);
INSERT INTO @later (Id, RegionId, Number)
SELECT m.Id, m.RegionId, m.Number FROM dbo.Meetings m
WHERE EXISTS (SELECT 1 FROM dbo.Meetings o WHERE o.RegionId = m.RegionId AND o.NumberKey = m.NumberKey
              AND (o.CreatedAt < m.CreatedAt OR (o.CreatedAt = m.CreatedAt AND o.Id < m.Id)));
UPDATE dbo.Meetings SET NumberKey = NumberKey + N'#' + LOWER(CONVERT(nvarchar(36), Id)) WHERE Id IN (SELECT Id FROM @later);
INSERT INTO dbo.Changes (Id, RegionId, EntityType, EntityId, Kind, Actor, OccurredAt, Details)
SELECT NEWID(), l.RegionId, N'meeting', LOWER(CONVERT(nvarchar(36), l.Id)), N'key-disambiguated', N'system:migration-0007', @now,
    N'{"reason":"number-differs-only-in-case","number":"' + STRING_ESCAPE(l.Number, 'json') + N'"}'
FROM @later l;
GO
ALTER TABLE dbo.Meetings ALTER COLUMN NumberKey nvarchar(80) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
CREATE UNIQUE INDEX UX_Meetings_Region_NumberKey ON dbo.Meetings (RegionId, NumberKey);
GO

-- AgendaItems.Number: the same within a meeting
ALTER TABLE dbo.AgendaItems DROP CONSTRAINT UQ_AgendaItems_Meeting_Number;
GO
ALTER TABLE dbo.AgendaItems ALTER COLUMN Number nvarchar(20) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.AgendaItems ADD CONSTRAINT UQ_AgendaItems_Meeting_Number UNIQUE (MeetingId, Number);
GO
ALTER TABLE dbo.AgendaItems ADD NumberKey nvarchar(80) COLLATE Latin1_General_100_BIN2 NULL;
GO
UPDATE dbo.AgendaItems
SET NumberKey = TRANSLATE(Number COLLATE Latin1_General_100_BIN2, N'abcdefghijklmnopqrstuvwxyz', N'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
GO
DECLARE @now datetimeoffset(6) = CAST(SYSUTCDATETIME() AS datetimeoffset(6));
DECLARE @later TABLE (Id uniqueidentifier NOT NULL PRIMARY KEY, MeetingId uniqueidentifier NOT NULL, Number nvarchar(20) NOT NULL);
INSERT INTO @later (Id, MeetingId, Number)
SELECT a.Id, a.MeetingId, a.Number FROM dbo.AgendaItems a
WHERE EXISTS (SELECT 1 FROM dbo.AgendaItems o WHERE o.MeetingId = a.MeetingId AND o.NumberKey = a.NumberKey
              AND (o.CreatedAt < a.CreatedAt OR (o.CreatedAt = a.CreatedAt AND o.Id < a.Id)));
UPDATE dbo.AgendaItems SET NumberKey = NumberKey + N'#' + LOWER(CONVERT(nvarchar(36), Id)) WHERE Id IN (SELECT Id FROM @later);
INSERT INTO dbo.Changes (Id, RegionId, EntityType, EntityId, Kind, Actor, OccurredAt, Details)
SELECT NEWID(), m.RegionId, N'meeting', LOWER(CONVERT(nvarchar(36), m.Id)), N'key-disambiguated', N'system:migration-0007', @now,
    N'{"reason":"agenda-number-differs-only-in-case","agendaItemId":"' + LOWER(CONVERT(nvarchar(36), l.Id))
    + N'","number":"' + STRING_ESCAPE(l.Number, 'json') + N'"}'
FROM @later l JOIN dbo.Meetings m ON m.Id = l.MeetingId;
GO
ALTER TABLE dbo.AgendaItems ALTER COLUMN NumberKey nvarchar(80) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
CREATE UNIQUE INDEX UX_AgendaItems_Meeting_NumberKey ON dbo.AgendaItems (MeetingId, NumberKey);
GO

-- Decision and circulation references: exact on Decisions and Circulations; DecisionReferences, the register that
-- keeps a reference unique across decisions and open circulations, moves its primary key to the folded key.
ALTER TABLE dbo.Decisions DROP CONSTRAINT UQ_Decisions_Region_Reference;
GO
ALTER TABLE dbo.Decisions ALTER COLUMN Reference nvarchar(50) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.Decisions ADD CONSTRAINT UQ_Decisions_Region_Reference UNIQUE (RegionId, Reference);
GO
ALTER TABLE dbo.Circulations ALTER COLUMN Reference nvarchar(50) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.DecisionReferences DROP CONSTRAINT PK_DecisionReferences;
GO
ALTER TABLE dbo.DecisionReferences ALTER COLUMN Reference nvarchar(50) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.DecisionReferences ADD ReferenceKey nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL;
GO
UPDATE dbo.DecisionReferences
SET ReferenceKey = TRANSLATE(Reference COLLATE Latin1_General_100_BIN2, N'abcdefghijklmnopqrstuvwxyz', N'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
GO
DECLARE @now datetimeoffset(6) = CAST(SYSUTCDATETIME() AS datetimeoffset(6));
DECLARE @later TABLE (RegionId uniqueidentifier NOT NULL, Reference nvarchar(50) COLLATE Latin1_General_100_BIN2 NOT NULL, HolderId uniqueidentifier NOT NULL,
    EntityType nvarchar(50) NOT NULL, PRIMARY KEY (RegionId, Reference));
INSERT INTO @later (RegionId, Reference, HolderId, EntityType)
SELECT r.RegionId, r.Reference, COALESCE(r.DecisionId, r.CirculationId), CASE WHEN r.DecisionId IS NULL THEN N'circulation' ELSE N'decision' END
FROM dbo.DecisionReferences r
WHERE EXISTS (SELECT 1 FROM dbo.DecisionReferences o WHERE o.RegionId = r.RegionId AND o.ReferenceKey = r.ReferenceKey
              AND (o.CreatedAt < r.CreatedAt OR (o.CreatedAt = r.CreatedAt AND o.Reference < r.Reference)));
UPDATE r SET ReferenceKey = r.ReferenceKey + N'#' + LOWER(CONVERT(nvarchar(36), l.HolderId))
FROM dbo.DecisionReferences r JOIN @later l ON l.RegionId = r.RegionId AND l.Reference = r.Reference;
INSERT INTO dbo.Changes (Id, RegionId, EntityType, EntityId, Kind, Actor, OccurredAt, Details)
SELECT NEWID(), l.RegionId, l.EntityType, LOWER(CONVERT(nvarchar(36), l.HolderId)), N'key-disambiguated', N'system:migration-0007', @now,
    N'{"reason":"reference-differs-only-in-case","reference":"' + STRING_ESCAPE(l.Reference, 'json') + N'"}'
FROM @later l;
GO
ALTER TABLE dbo.DecisionReferences ALTER COLUMN ReferenceKey nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.DecisionReferences ADD CONSTRAINT PK_DecisionReferences PRIMARY KEY (RegionId, ReferenceKey);
GO
