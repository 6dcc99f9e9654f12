-- A Kreis key belongs to one region only: every member's AGS starts with it, so two regions with one key would
-- both claim the same Kreis and its municipalities. The unique index has the last word, also when two creates race.
-- Regions that already share a key are not merged or renamed here (members, projects and decisions hang off each of
-- them, and the key is fixed for life): the script stops, names them, and an operator decides which region keeps it.
IF EXISTS (SELECT 1 FROM dbo.Regions GROUP BY KreisKey HAVING COUNT(*) > 1)
BEGIN
    DECLARE @shared nvarchar(1500) = (
        SELECT STRING_AGG(CONVERT(nvarchar(max), KreisKey + N' (' + Slugs + N')'), N'; ')
        FROM (SELECT KreisKey, STRING_AGG(CONVERT(nvarchar(max), Slug), N', ') WITHIN GROUP (ORDER BY Slug) AS Slugs
              FROM dbo.Regions GROUP BY KreisKey HAVING COUNT(*) > 1) AS duplicates);
    DECLARE @message nvarchar(2048) = N'Migration 0008 stopped: a Kreis key belongs to one region only, but regions share one: '
        + @shared + N'. Give each Kreis key to one region (see README, "One region per Kreis key") and migrate again.';
    THROW 50008, @message, 1;
END;
GO

CREATE UNIQUE INDEX UX_Regions_KreisKey ON dbo.Regions (KreisKey);
GO
