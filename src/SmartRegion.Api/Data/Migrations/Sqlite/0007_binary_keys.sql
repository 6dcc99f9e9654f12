-- Keys compare and sort the same on SQLite as on SQL Server (same tables, columns and indexes as the SQL Server
-- script). SQLite compares text byte by byte already (no column here declares another collation), so only the
-- folded keys are new:
-- Meeting and agenda numbers and decision references are unique by a folded key (ASCII letters in upper case,
-- TextKeys.ForReference in the service; SQLite's upper() folds exactly a-z): NumberKey and ReferenceKey, filled
-- here for existing rows. Existing rows that collide after folding (e.g. 'LK 2025/1' and 'lk 2025/1', which the
-- old binary unique constraints allowed) keep their numbers and references; the later row's key gets '#' and its
-- id appended, so it stays unique, and a change entry (kind 'key-disambiguated', actor system:migration-0007)
-- records it. Adding a NOT NULL column needs a default here; the service always sets the key.

ALTER TABLE Meetings ADD COLUMN NumberKey TEXT NOT NULL DEFAULT '';
UPDATE Meetings SET NumberKey = upper(Number);

CREATE TEMP TABLE LaterMeetings AS
SELECT m.Id, m.RegionId, m.Number FROM Meetings m
WHERE EXISTS (SELECT 1 FROM Meetings o WHERE o.RegionId = m.RegionId AND o.NumberKey = m.NumberKey
              AND (o.CreatedAt < m.CreatedAt OR (o.CreatedAt = m.CreatedAt AND o.Id < m.Id)));
UPDATE Meetings SET NumberKey = NumberKey || '#' || lower(Id) WHERE Id IN (SELECT Id FROM LaterMeetings);
INSERT INTO Changes (Id, RegionId, EntityType, EntityId, Kind, Actor, OccurredAt, Details)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
    l.RegionId, 'meeting', lower(l.Id), 'key-disambiguated', 'system:migration-0007', strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'),
    '{"reason":"number-differs-only-in-case","number":' || json_quote(l.Number) || '}'
FROM LaterMeetings l;
DROP TABLE LaterMeetings;

CREATE UNIQUE INDEX UX_Meetings_Region_NumberKey ON Meetings (RegionId, NumberKey);

ALTER TABLE AgendaItems ADD COLUMN NumberKey TEXT NOT NULL DEFAULT '';
UPDATE AgendaItems SET NumberKey = upper(Number);

CREATE TEMP TABLE LaterAgendaItems AS
SELECT a.Id, a.MeetingId, a.Number FROM AgendaItems a
WHERE EXISTS (SELECT 1 FROM AgendaItems o WHERE o.MeetingId = a.MeetingId AND o.NumberKey = a.NumberKey
              AND (o.CreatedAt < a.CreatedAt OR (o.CreatedAt = a.CreatedAt AND o.Id < a.Id)));
UPDATE AgendaItems SET NumberKey = NumberKey || '#' || lower(Id) WHERE Id IN (SELECT Id FROM LaterAgendaItems);
INSERT INTO Changes (Id, RegionId, EntityType, EntityId, Kind, Actor, OccurredAt, Details)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
    m.RegionId, 'meeting', lower(m.Id), 'key-disambiguated', 'system:migration-0007', strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'),
    '{"reason":"agenda-number-differs-only-in-case","agendaItemId":' || json_quote(lower(l.Id)) || ',"number":' || json_quote(l.Number) || '}'
FROM LaterAgendaItems l JOIN Meetings m ON m.Id = l.MeetingId;
DROP TABLE LaterAgendaItems;

CREATE UNIQUE INDEX UX_AgendaItems_Meeting_NumberKey ON AgendaItems (MeetingId, NumberKey);

-- DecisionReferences moves its primary key to the folded key. SQLite changes a primary key only by rebuilding the
-- table; nothing refers to DecisionReferences, so no foreign key has to be set aside.
CREATE TABLE DecisionReferences_0007 (
    RegionId TEXT NOT NULL CONSTRAINT FK_DecisionReferences_Regions REFERENCES Regions (Id),
    Reference TEXT NOT NULL,
    DecisionId TEXT NULL CONSTRAINT FK_DecisionReferences_Decisions REFERENCES Decisions (Id),
    CirculationId TEXT NULL CONSTRAINT FK_DecisionReferences_Circulations REFERENCES Circulations (Id),
    CreatedAt TEXT NOT NULL,
    ReferenceKey TEXT NOT NULL,
    CONSTRAINT PK_DecisionReferences PRIMARY KEY (RegionId, ReferenceKey),
    CONSTRAINT CK_DecisionReferences_Holder CHECK (DecisionId IS NOT NULL OR CirculationId IS NOT NULL)
);

CREATE TEMP TABLE LaterReferences AS
SELECT r.RegionId, r.Reference, coalesce(r.DecisionId, r.CirculationId) AS HolderId,
    CASE WHEN r.DecisionId IS NULL THEN 'circulation' ELSE 'decision' END AS EntityType
FROM DecisionReferences r
WHERE EXISTS (SELECT 1 FROM DecisionReferences o WHERE o.RegionId = r.RegionId AND upper(o.Reference) = upper(r.Reference)
              AND (o.CreatedAt < r.CreatedAt OR (o.CreatedAt = r.CreatedAt AND o.Reference < r.Reference)));

INSERT INTO DecisionReferences_0007 (RegionId, Reference, DecisionId, CirculationId, CreatedAt, ReferenceKey)
SELECT r.RegionId, r.Reference, r.DecisionId, r.CirculationId, r.CreatedAt,
    upper(r.Reference) || coalesce((SELECT '#' || lower(l.HolderId) FROM LaterReferences l WHERE l.RegionId = r.RegionId AND l.Reference = r.Reference), '')
FROM DecisionReferences r;

INSERT INTO Changes (Id, RegionId, EntityType, EntityId, Kind, Actor, OccurredAt, Details)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
    l.RegionId, l.EntityType, lower(l.HolderId), 'key-disambiguated', 'system:migration-0007', strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'),
    '{"reason":"reference-differs-only-in-case","reference":' || json_quote(l.Reference) || '}'
FROM LaterReferences l;
DROP TABLE LaterReferences;

DROP TABLE DecisionReferences;
ALTER TABLE DecisionReferences_0007 RENAME TO DecisionReferences;
CREATE UNIQUE INDEX UX_DecisionReferences_Circulation ON DecisionReferences (CirculationId) WHERE CirculationId IS NOT NULL;
