-- The decision record every member can verify: one hash chain per region over every decision (with its votes)
-- and every circulation vote, appended in the transaction that records them. An entry's content is not copied
-- here: the export renders it from the decision and vote rows as they are now, so a row changed behind the
-- service's back no longer matches the hash it was appended with (see Features/Ledger).
CREATE TABLE dbo.LedgerEntries (
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_LedgerEntries_Regions REFERENCES dbo.Regions (Id),
    Seq bigint NOT NULL,
    Kind nvarchar(20) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT CK_LedgerEntries_Kind CHECK (Kind IN (N'decision', N'circulation_vote')),
    SubjectId uniqueidentifier NOT NULL,
    Ags nvarchar(8) COLLATE Latin1_General_100_BIN2 NULL,
    PrevHash nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    Hash nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
    RecordedAt datetimeoffset(6) NOT NULL,
    CONSTRAINT PK_LedgerEntries PRIMARY KEY (RegionId, Seq)
);
