-- The decision record every member can verify: one hash chain per region over every decision (with its votes)
-- and every circulation vote, appended in the transaction that records them. An entry's content is not copied
-- here: the export renders it from the decision and vote rows as they are now, so a row changed behind the
-- service's back no longer matches the hash it was appended with (see Features/Ledger).
CREATE TABLE LedgerEntries (
    RegionId TEXT NOT NULL REFERENCES Regions (Id),
    Seq INTEGER NOT NULL,
    Kind TEXT NOT NULL CHECK (Kind IN ('decision', 'circulation_vote')),
    SubjectId TEXT NOT NULL,
    Ags TEXT NULL,
    PrevHash TEXT NOT NULL,
    Hash TEXT NOT NULL,
    RecordedAt TEXT NOT NULL,
    PRIMARY KEY (RegionId, Seq)
);
