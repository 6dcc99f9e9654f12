-- Public read: a region may open the public subset of its work to anonymous GETs (off by default).
ALTER TABLE Regions ADD COLUMN PublicRead INTEGER NOT NULL DEFAULT 0 CHECK (PublicRead IN (0, 1));

-- Personal data (DSGVO): one row per erasure command, without the erased data: who, when, what it was matched by, the
-- pseudonym that replaced the person, and how many places it changed. Listed per region, newest last.
CREATE TABLE PersonalDataErasures (
    Id TEXT NOT NULL CONSTRAINT PK_PersonalDataErasures PRIMARY KEY,
    RegionId TEXT NOT NULL CONSTRAINT FK_PersonalDataErasures_Regions REFERENCES Regions (Id),
    MatchedBy TEXT NOT NULL CONSTRAINT CK_PersonalDataErasures_MatchedBy CHECK (MatchedBy IN ('name', 'email', 'name_and_email')),
    Pseudonym TEXT NOT NULL,
    MemberContacts INTEGER NOT NULL,
    ParticipationContacts INTEGER NOT NULL,
    CommitteeDelegates INTEGER NOT NULL,
    AttendanceDelegates INTEGER NOT NULL,
    ChangeRecords INTEGER NOT NULL,
    StoredResponses INTEGER NOT NULL,
    ErasedBy TEXT NOT NULL,
    ErasedAt TEXT NOT NULL
);

CREATE INDEX IX_PersonalDataErasures_Region ON PersonalDataErasures (RegionId, ErasedAt, Id);
