-- Circulations that never get stuck (same tables, columns and indexes as the SQL Server script):
-- 1. DecisionReferences holds every decision reference of a region once, whether a decision or an open circulation
--    holds it; its primary key refuses a second holder. A circulation's row passes to its decision when it closes
--    and is released when it is cancelled.
-- 2. Circulations can be cancelled (who, when, why), record who closed them and when, and why the last attempt to
--    close them was refused.
-- SQLite cannot widen a CHECK constraint in place, so Circulations is rebuilt. The rows that refer to it are set
-- aside first and put back afterwards: with foreign keys on (the service's connections), dropping a table that is
-- still referred to counts violations that a renamed copy does not settle.
CREATE TEMP TABLE KeptCirculationSeats AS SELECT CirculationId, RegionId, Ags, Vote, VotedAt FROM CirculationSeats;
DELETE FROM CirculationSeats;
CREATE TEMP TABLE KeptDecisionCirculations AS SELECT Id, CirculationId FROM Decisions WHERE CirculationId IS NOT NULL;
UPDATE Decisions SET CirculationId = NULL WHERE CirculationId IS NOT NULL;

CREATE TABLE Circulations_0005 (
    Id TEXT NOT NULL CONSTRAINT PK_Circulations PRIMARY KEY,
    RegionId TEXT NOT NULL CONSTRAINT FK_Circulations_Regions REFERENCES Regions (Id),
    Reference TEXT NOT NULL,
    Title TEXT NOT NULL,
    Text TEXT NOT NULL,
    Type TEXT NOT NULL,
    ProjectId TEXT NULL CONSTRAINT FK_Circulations_Projects REFERENCES Projects (Id),
    Supersedes TEXT NULL,
    Deadline TEXT NOT NULL,
    State TEXT NOT NULL CONSTRAINT CK_Circulations_State CHECK (State IN ('open', 'closed', 'cancelled')),
    DecisionId TEXT NULL,
    Version INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    ClosedAt TEXT NULL,
    ClosedBy TEXT NULL,
    CancelledAt TEXT NULL,
    CancelledBy TEXT NULL,
    CancelReason TEXT NULL,
    ClosingBlockedAt TEXT NULL,
    ClosingBlockedType TEXT NULL,
    ClosingBlockedReason TEXT NULL
);

INSERT INTO Circulations_0005 (Id, RegionId, Reference, Title, Text, Type, ProjectId, Supersedes, Deadline, State, DecisionId, Version, CreatedAt, UpdatedAt)
SELECT Id, RegionId, Reference, Title, Text, Type, ProjectId, Supersedes, Deadline, State, DecisionId, Version, CreatedAt, UpdatedAt FROM Circulations;

DROP TABLE Circulations;
ALTER TABLE Circulations_0005 RENAME TO Circulations;
CREATE INDEX IX_Circulations_Region_State ON Circulations (RegionId, State, Deadline);

INSERT INTO CirculationSeats (CirculationId, RegionId, Ags, Vote, VotedAt) SELECT CirculationId, RegionId, Ags, Vote, VotedAt FROM KeptCirculationSeats;
UPDATE Decisions SET CirculationId = (SELECT k.CirculationId FROM KeptDecisionCirculations k WHERE k.Id = Decisions.Id)
WHERE Id IN (SELECT Id FROM KeptDecisionCirculations);
DROP TABLE KeptCirculationSeats;
DROP TABLE KeptDecisionCirculations;

-- Closed circulations were closed when their decision was recorded (by whom is in the change log).
UPDATE Circulations SET ClosedAt = (SELECT d.CreatedAt FROM Decisions d WHERE d.Id = Circulations.DecisionId)
WHERE State = 'closed';

CREATE TABLE DecisionReferences (
    RegionId TEXT NOT NULL CONSTRAINT FK_DecisionReferences_Regions REFERENCES Regions (Id),
    Reference TEXT NOT NULL,
    DecisionId TEXT NULL CONSTRAINT FK_DecisionReferences_Decisions REFERENCES Decisions (Id),
    CirculationId TEXT NULL CONSTRAINT FK_DecisionReferences_Circulations REFERENCES Circulations (Id),
    CreatedAt TEXT NOT NULL,
    CONSTRAINT PK_DecisionReferences PRIMARY KEY (RegionId, Reference),
    CONSTRAINT CK_DecisionReferences_Holder CHECK (DecisionId IS NOT NULL OR CirculationId IS NOT NULL)
);

CREATE UNIQUE INDEX UX_DecisionReferences_Circulation ON DecisionReferences (CirculationId) WHERE CirculationId IS NOT NULL;

INSERT INTO DecisionReferences (RegionId, Reference, DecisionId, CirculationId, CreatedAt)
SELECT RegionId, Reference, Id, CirculationId, CreatedAt FROM Decisions;

-- An open circulation whose reference a decision already took could never close (the bug this script ends); so
-- could the later of two open circulations with one reference. Both are cancelled, with the reason on record.
CREATE TEMP TABLE StuckCirculations AS
SELECT c.Id, c.RegionId, c.Reference FROM Circulations c
WHERE c.State = 'open'
  AND (EXISTS (SELECT 1 FROM DecisionReferences r WHERE r.RegionId = c.RegionId AND r.Reference = c.Reference)
       OR EXISTS (SELECT 1 FROM Circulations o WHERE o.RegionId = c.RegionId AND o.Reference = c.Reference AND o.State = 'open'
                  AND (o.CreatedAt < c.CreatedAt OR (o.CreatedAt = c.CreatedAt AND o.Id < c.Id))));

UPDATE Circulations
SET State = 'cancelled', Version = Version + 1,
    UpdatedAt = strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'), CancelledAt = strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'),
    CancelledBy = 'system:migration-0005', CancelReason = 'Another decision or circulation of the region already holds this reference; the circulation could not close.'
WHERE Id IN (SELECT Id FROM StuckCirculations);

INSERT INTO Changes (Id, RegionId, EntityType, EntityId, Kind, Actor, OccurredAt, Details)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
    s.RegionId, 'circulation', lower(s.Id), 'cancelled', 'system:migration-0005', strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'),
    '{"reason":"reference-taken","reference":' || json_quote(s.Reference) || '}'
FROM StuckCirculations s;

DROP TABLE StuckCirculations;

INSERT INTO DecisionReferences (RegionId, Reference, DecisionId, CirculationId, CreatedAt)
SELECT RegionId, Reference, NULL, Id, CreatedAt FROM Circulations WHERE State = 'open';

-- What an adopted project decision made of its project (status, category, version afterwards), so that its response
-- names the project's new version. Unknown (NULL) for decisions recorded before this script.
ALTER TABLE Decisions ADD COLUMN EffectStatus TEXT NULL;
ALTER TABLE Decisions ADD COLUMN EffectCategory TEXT NULL;
ALTER TABLE Decisions ADD COLUMN EffectVersion INTEGER NULL;
