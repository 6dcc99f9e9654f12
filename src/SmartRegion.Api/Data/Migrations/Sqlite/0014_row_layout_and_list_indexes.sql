-- 0014: the index the circulation list needs (it reads a region's circulations in creation order, keyset on
-- CreatedAt, Id). On SQL Server 0014 also moves the big tables' clustered keys off their UUIDv7 ids; SQLite stores
-- rows by rowid in insert order already, so nothing else changes here.
CREATE INDEX IX_Circulations_Region_CreatedAt ON Circulations (RegionId, CreatedAt, Id);
