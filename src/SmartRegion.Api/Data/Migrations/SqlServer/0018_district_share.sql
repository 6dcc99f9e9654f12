-- The population key counts the district's population (the whole Kreis) on top of its municipalities', so a
-- participating district would carry most of every project. The region sets the share the district carries
-- instead; the municipalities split the rest by population. NULL: not configured (allocation refuses when needed).
ALTER TABLE dbo.Regions ADD DistrictSharePercent decimal(5, 2) NULL
    CONSTRAINT CK_Regions_DistrictSharePercent CHECK (DistrictSharePercent BETWEEN 0 AND 100);
