-- Credentials over HTTP: an optional expiry, and when a key was last used (written at most once a minute per key).
-- Listing a region's keys reads by region in creation order.
ALTER TABLE dbo.ApiKeys ADD ExpiresAt datetimeoffset(6) NULL, LastUsedAt datetimeoffset(6) NULL;
GO

CREATE INDEX IX_ApiKeys_Region ON dbo.ApiKeys (RegionId, CreatedAt, Id);
GO
