-- The change feed (GET …/regions/{slug}/changes). Seq is an IDENTITY value, taken at insert and not at commit: two
-- writers can commit 11 before 10, and a follower that read 11 would never see 10. FeedPosition is a rowversion,
-- also taken at insert, but the feed only serves entries below MIN_ACTIVE_ROWVERSION(), the lowest rowversion an
-- open transaction may still commit; everything below it is committed, so nothing can appear behind a cursor.
-- Existing rows get positions in an arbitrary order here, all of them below any later one.
ALTER TABLE dbo.Changes ADD FeedPosition rowversion NOT NULL;
GO

-- The entity's version after the change, where the entity has one (null for deletions and unversioned entities).
ALTER TABLE dbo.Changes ADD Version int NULL;
GO

CREATE INDEX IX_Changes_Region_FeedPosition ON dbo.Changes (RegionId, FeedPosition);
GO
