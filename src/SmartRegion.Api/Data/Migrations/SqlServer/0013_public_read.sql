-- Public read: a region may open the public subset of its work to anonymous GETs (off by default).
ALTER TABLE dbo.Regions ADD PublicRead bit NOT NULL
    CONSTRAINT DF_Regions_PublicRead DEFAULT 0;
GO

-- Personal data (DSGVO): one row per erasure command, without the erased data: who, when, what it was matched by, the
-- pseudonym that replaced the person, and how many places it changed. Listed per region, newest last.
CREATE TABLE dbo.PersonalDataErasures (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_PersonalDataErasures PRIMARY KEY,
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_PersonalDataErasures_Regions REFERENCES dbo.Regions (Id),
    MatchedBy nvarchar(20) NOT NULL CONSTRAINT CK_PersonalDataErasures_MatchedBy CHECK (MatchedBy IN (N'name', N'email', N'name_and_email')),
    Pseudonym nvarchar(100) NOT NULL,
    MemberContacts int NOT NULL,
    ParticipationContacts int NOT NULL,
    CommitteeDelegates int NOT NULL,
    AttendanceDelegates int NOT NULL,
    ChangeRecords int NOT NULL,
    StoredResponses int NOT NULL,
    ErasedBy nvarchar(200) NOT NULL,
    ErasedAt datetimeoffset(6) NOT NULL
);
GO

CREATE INDEX IX_PersonalDataErasures_Region ON dbo.PersonalDataErasures (RegionId, ErasedAt, Id);
GO
