-- Tombstones of removed agenda items (same table, columns and index as the SQL Server script), so the OParl view
-- can answer `deleted: true` for an AgendaItem, and for the Paper of an item that named projects, after the item is
-- gone. Written by the delete in the same transaction as the change record. Items removed before this script are
-- taken from the change log: their creation time is unknown (the deletion time stands in) and so is whether they
-- named projects (HadProjects 0: no Paper tombstone for them).
CREATE TABLE DeletedAgendaItems (
    Id TEXT NOT NULL CONSTRAINT PK_DeletedAgendaItems PRIMARY KEY,
    RegionId TEXT NOT NULL CONSTRAINT FK_DeletedAgendaItems_Regions REFERENCES Regions (Id),
    MeetingId TEXT NOT NULL CONSTRAINT FK_DeletedAgendaItems_Meetings REFERENCES Meetings (Id),
    Number TEXT NOT NULL,
    Position INTEGER NOT NULL,
    HadProjects INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    DeletedAt TEXT NOT NULL
);

CREATE INDEX IX_DeletedAgendaItems_Region_DeletedAt ON DeletedAgendaItems (RegionId, DeletedAt, Id);

INSERT INTO DeletedAgendaItems (Id, RegionId, MeetingId, Number, Position, HadProjects, CreatedAt, DeletedAt)
SELECT lower(json_extract(c.Details, '$.agendaItemId')), c.RegionId, m.Id, json_extract(c.Details, '$.number'),
    json_extract(c.Details, '$.position'), 0, c.OccurredAt, c.OccurredAt
FROM Changes c
INNER JOIN Meetings m ON lower(m.Id) = lower(c.EntityId)
WHERE c.EntityType = 'meeting' AND c.Kind = 'agenda-item-deleted' AND json_valid(c.Details)
  AND json_extract(c.Details, '$.agendaItemId') IS NOT NULL AND json_extract(c.Details, '$.number') IS NOT NULL
  AND json_extract(c.Details, '$.position') IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM AgendaItems a WHERE lower(a.Id) = lower(json_extract(c.Details, '$.agendaItemId')));
