-- Circulations that never get stuck:
-- 1. DecisionReferences holds every decision reference of a region once, whether a decision or an open circulation
--    holds it; its primary key refuses a second holder. A circulation's row passes to its decision when it closes
--    and is released when it is cancelled.
-- 2. Circulations can be cancelled (who, when, why), record who closed them and when, and why the last attempt to
--    close them was refused.
ALTER TABLE dbo.Circulations ADD
    ClosedAt datetimeoffset(6) NULL,
    ClosedBy nvarchar(200) NULL,
    CancelledAt datetimeoffset(6) NULL,
    CancelledBy nvarchar(200) NULL,
    CancelReason nvarchar(2000) NULL,
    ClosingBlockedAt datetimeoffset(6) NULL,
    ClosingBlockedType nvarchar(200) NULL,
    ClosingBlockedReason nvarchar(2000) NULL;
GO

ALTER TABLE dbo.Circulations DROP CONSTRAINT CK_Circulations_State;
GO

ALTER TABLE dbo.Circulations ADD CONSTRAINT CK_Circulations_State CHECK (State IN (N'open', N'closed', N'cancelled'));
GO

-- Closed circulations were closed when their decision was recorded (by whom is in the change log).
UPDATE c SET ClosedAt = d.CreatedAt
FROM dbo.Circulations c JOIN dbo.Decisions d ON d.Id = c.DecisionId
WHERE c.State = N'closed';
GO

CREATE TABLE dbo.DecisionReferences (
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_DecisionReferences_Regions REFERENCES dbo.Regions (Id),
    Reference nvarchar(50) NOT NULL,
    DecisionId uniqueidentifier NULL CONSTRAINT FK_DecisionReferences_Decisions REFERENCES dbo.Decisions (Id),
    CirculationId uniqueidentifier NULL CONSTRAINT FK_DecisionReferences_Circulations REFERENCES dbo.Circulations (Id),
    CreatedAt datetimeoffset(6) NOT NULL,
    CONSTRAINT PK_DecisionReferences PRIMARY KEY (RegionId, Reference),
    CONSTRAINT CK_DecisionReferences_Holder CHECK (DecisionId IS NOT NULL OR CirculationId IS NOT NULL)
);
GO

CREATE UNIQUE INDEX UX_DecisionReferences_Circulation ON dbo.DecisionReferences (CirculationId) WHERE CirculationId IS NOT NULL;
GO

INSERT INTO dbo.DecisionReferences (RegionId, Reference, DecisionId, CirculationId, CreatedAt)
SELECT RegionId, Reference, Id, CirculationId, CreatedAt FROM dbo.Decisions;
GO

-- An open circulation whose reference a decision already took could never close (the bug this script ends); so
-- could the later of two open circulations with one reference. Both are cancelled, with the reason on record.
DECLARE @now datetimeoffset(6) = CAST(SYSUTCDATETIME() AS datetimeoffset(6));
DECLARE @stuck TABLE (Id uniqueidentifier NOT NULL PRIMARY KEY, RegionId uniqueidentifier NOT NULL, Reference nvarchar(50) NOT NULL);

INSERT INTO @stuck (Id, RegionId, Reference)
SELECT c.Id, c.RegionId, c.Reference FROM dbo.Circulations c
WHERE c.State = N'open'
  AND (EXISTS (SELECT 1 FROM dbo.DecisionReferences r WHERE r.RegionId = c.RegionId AND r.Reference = c.Reference)
       OR EXISTS (SELECT 1 FROM dbo.Circulations o WHERE o.RegionId = c.RegionId AND o.Reference = c.Reference AND o.State = N'open'
                  AND (o.CreatedAt < c.CreatedAt OR (o.CreatedAt = c.CreatedAt AND o.Id < c.Id))));

UPDATE dbo.Circulations
SET State = N'cancelled', Version = Version + 1, UpdatedAt = @now, CancelledAt = @now,
    CancelledBy = N'system:migration-0005', CancelReason = N'Another decision or circulation of the region already holds this reference; the circulation could not close.'
WHERE Id IN (SELECT Id FROM @stuck);

INSERT INTO dbo.Changes (Id, RegionId, EntityType, EntityId, Kind, Actor, OccurredAt, Details)
SELECT NEWID(), s.RegionId, N'circulation', LOWER(CONVERT(nvarchar(36), s.Id)), N'cancelled', N'system:migration-0005', @now,
    N'{"reason":"reference-taken","reference":"' + STRING_ESCAPE(s.Reference, 'json') + N'"}'
FROM @stuck s;

INSERT INTO dbo.DecisionReferences (RegionId, Reference, DecisionId, CirculationId, CreatedAt)
SELECT RegionId, Reference, NULL, Id, CreatedAt FROM dbo.Circulations WHERE State = N'open';
GO

-- What an adopted project decision made of its project (status, category, version afterwards), so that its response
-- names the project's new version. Unknown (NULL) for decisions recorded before this script.
ALTER TABLE dbo.Decisions ADD
    EffectStatus nvarchar(30) NULL,
    EffectCategory nvarchar(20) NULL,
    EffectVersion int NULL;
GO
