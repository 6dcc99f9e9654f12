-- Tombstones of removed agenda items (same table, columns and index as the SQLite script), so the OParl view can
-- answer `deleted: true` for an AgendaItem, and for the Paper of an item that named projects, after the item is
-- gone. Written by the delete in the same transaction as the change record. Items removed before this script are
-- taken from the change log: their creation time is unknown (the deletion time stands in) and so is whether they
-- named projects (HadProjects 0: no Paper tombstone for them).
CREATE TABLE dbo.DeletedAgendaItems (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_DeletedAgendaItems PRIMARY KEY,
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_DeletedAgendaItems_Regions REFERENCES dbo.Regions (Id),
    MeetingId uniqueidentifier NOT NULL CONSTRAINT FK_DeletedAgendaItems_Meetings REFERENCES dbo.Meetings (Id),
    Number nvarchar(20) NOT NULL,
    Position int NOT NULL,
    HadProjects bit NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    DeletedAt datetimeoffset(6) NOT NULL
);
GO

CREATE INDEX IX_DeletedAgendaItems_Region_DeletedAt ON dbo.DeletedAgendaItems (RegionId, DeletedAt, Id);
GO

INSERT INTO dbo.DeletedAgendaItems (Id, RegionId, MeetingId, Number, Position, HadProjects, CreatedAt, DeletedAt)
SELECT d.AgendaItemId, c.RegionId, m.Id, d.Number, d.Position, 0, c.OccurredAt, c.OccurredAt
FROM dbo.Changes c
CROSS APPLY (
    SELECT TRY_CONVERT(uniqueidentifier, JSON_VALUE(c.Details, '$.agendaItemId')) AS AgendaItemId,
        CAST(JSON_VALUE(c.Details, '$.number') AS nvarchar(20)) AS Number,
        TRY_CONVERT(int, JSON_VALUE(c.Details, '$.position')) AS Position
) d
INNER JOIN dbo.Meetings m ON m.Id = TRY_CONVERT(uniqueidentifier, c.EntityId)
WHERE c.EntityType = N'meeting' AND c.Kind = N'agenda-item-deleted' AND ISJSON(c.Details) = 1
  AND d.AgendaItemId IS NOT NULL AND d.Number IS NOT NULL AND d.Position IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM dbo.AgendaItems a WHERE a.Id = d.AgendaItemId);
GO
