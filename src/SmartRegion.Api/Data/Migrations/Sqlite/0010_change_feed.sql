-- The change feed (GET …/regions/{slug}/changes). SQLite has one writer at a time (every write transaction is
-- BEGIN IMMEDIATE), so Seq values are handed out in commit order and Seq is already a gap-free feed position.
-- FeedPosition mirrors it, set by a trigger inside the inserting transaction, so both engines read the same column
-- (SQL Server: a rowversion bounded by MIN_ACTIVE_ROWVERSION()). Existing rows keep their order.
ALTER TABLE Changes ADD COLUMN FeedPosition INTEGER NULL;

-- The entity's version after the change, where the entity has one (null for deletions and unversioned entities).
ALTER TABLE Changes ADD COLUMN Version INTEGER NULL;

UPDATE Changes SET FeedPosition = Seq;

CREATE TRIGGER Changes_FeedPosition AFTER INSERT ON Changes
BEGIN
    UPDATE Changes SET FeedPosition = NEW.Seq WHERE Seq = NEW.Seq;
END;

CREATE INDEX IX_Changes_Region_FeedPosition ON Changes (RegionId, FeedPosition);
