-- A Kreis key belongs to one region only (same index as UX_Regions_KreisKey on SQL Server). Regions that already
-- share a key are not merged or renamed here: the script stops with a message, and an operator decides which region
-- keeps the key. SQLite raises an error with a message only inside a trigger, so a temporary table takes one row per
-- shared key and its trigger refuses it; DbUp rolls the script back, and the temporary objects go with it.
CREATE TEMP TABLE Migration0008SharedKreisKeys (KreisKey TEXT NOT NULL);

CREATE TEMP TRIGGER Migration0008RefuseSharedKreisKeys BEFORE INSERT ON Migration0008SharedKreisKeys
BEGIN
    SELECT RAISE(ABORT, 'Migration 0008 stopped: a Kreis key belongs to one region only, but regions share one (SELECT KreisKey, Slug FROM Regions ORDER BY KreisKey lists them). Give each Kreis key to one region (see README, "One region per Kreis key") and migrate again.');
END;

INSERT INTO Migration0008SharedKreisKeys (KreisKey)
SELECT KreisKey FROM Regions GROUP BY KreisKey HAVING COUNT(*) > 1;

DROP TRIGGER Migration0008RefuseSharedKreisKeys;
DROP TABLE Migration0008SharedKreisKeys;

CREATE UNIQUE INDEX UX_Regions_KreisKey ON Regions (KreisKey);
