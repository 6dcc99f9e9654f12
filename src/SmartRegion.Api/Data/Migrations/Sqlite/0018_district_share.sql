-- The population key counts the district's population (the whole Kreis) on top of its municipalities', so a
-- participating district would carry most of every project. The region sets the share the district carries
-- instead; the municipalities split the rest by population. NULL: not configured (allocation refuses when needed).
-- Exact decimal TEXT like every percentage here (see DapperTypeHandlers); the validators keep it within 0–100.
ALTER TABLE Regions ADD COLUMN DistrictSharePercent TEXT NULL;
