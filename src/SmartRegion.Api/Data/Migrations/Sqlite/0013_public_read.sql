-- Public read: a region may open the public subset of its work to anonymous GETs (off by default).
ALTER TABLE Regions ADD COLUMN PublicRead INTEGER NOT NULL DEFAULT 0 CHECK (PublicRead IN (0, 1));
