-- Public read: a region may open the public subset of its work to anonymous GETs (off by default).
ALTER TABLE dbo.Regions ADD PublicRead bit NOT NULL
    CONSTRAINT DF_Regions_PublicRead DEFAULT 0;
GO
