-- The open-data catalog (GET …/regions/{slug}/catalog) dates each dataset by the region's change records of its
-- entity types: first (dct:issued) and latest (dct:modified), deletions included. One seek per entity type.
CREATE INDEX IX_Changes_Region_Entity_OccurredAt ON dbo.Changes (RegionId, EntityType, OccurredAt);
GO
