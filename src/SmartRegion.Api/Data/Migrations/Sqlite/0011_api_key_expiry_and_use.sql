-- Credentials over HTTP: an optional expiry, and when a key was last used (written at most once a minute per key).
-- Listing a region's keys reads by region in creation order.
ALTER TABLE ApiKeys ADD COLUMN ExpiresAt TEXT NULL;

ALTER TABLE ApiKeys ADD COLUMN LastUsedAt TEXT NULL;

CREATE INDEX IX_ApiKeys_Region ON ApiKeys (RegionId, CreatedAt, Id);
