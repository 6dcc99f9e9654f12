-- Lenkungskreis: committee settings and delegates, meetings with agenda, attendance, decisions with votes,
-- circulations (Umlaufverfahren) with one vote per seat.
CREATE TABLE dbo.CommitteeSettings (
    RegionId uniqueidentifier NOT NULL CONSTRAINT PK_CommitteeSettings PRIMARY KEY CONSTRAINT FK_CommitteeSettings_Regions REFERENCES dbo.Regions (Id),
    -- Quorum: more than this percentage of the seats present (50 = more than half).
    QuorumPercent int NOT NULL CONSTRAINT CK_CommitteeSettings_QuorumPercent CHECK (QuorumPercent BETWEEN 0 AND 99),
    Version int NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL
);
GO

CREATE TABLE dbo.CommitteeDelegates (
    RegionId uniqueidentifier NOT NULL,
    Ags nvarchar(8) NOT NULL,
    Delegates nvarchar(500) NOT NULL,
    Version int NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL,
    CONSTRAINT PK_CommitteeDelegates PRIMARY KEY (RegionId, Ags),
    CONSTRAINT FK_CommitteeDelegates_Members FOREIGN KEY (RegionId, Ags) REFERENCES dbo.Members (RegionId, Ags)
);
GO

CREATE TABLE dbo.Meetings (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_Meetings PRIMARY KEY,
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_Meetings_Regions REFERENCES dbo.Regions (Id),
    Number nvarchar(30) NOT NULL,
    Title nvarchar(200) NOT NULL,
    StartsAt datetimeoffset(6) NOT NULL,
    EndsAt datetimeoffset(6) NOT NULL,
    Location nvarchar(300) NULL,
    OnlineLink nvarchar(500) NULL,
    InvitationDate date NULL,
    State nvarchar(20) NOT NULL CONSTRAINT CK_Meetings_State CHECK (State IN (N'planned', N'held', N'closed', N'cancelled')),
    Minutes nvarchar(max) NULL,
    Version int NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL,
    CONSTRAINT UQ_Meetings_Region_Number UNIQUE (RegionId, Number),
    CONSTRAINT CK_Meetings_Times CHECK (EndsAt >= StartsAt)
);
GO

CREATE INDEX IX_Meetings_Region_StartsAt ON dbo.Meetings (RegionId, StartsAt, Id);
GO

CREATE INDEX IX_Meetings_Region_State ON dbo.Meetings (RegionId, State, StartsAt);
GO

CREATE TABLE dbo.AgendaItems (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_AgendaItems PRIMARY KEY,
    MeetingId uniqueidentifier NOT NULL CONSTRAINT FK_AgendaItems_Meetings REFERENCES dbo.Meetings (Id),
    Number nvarchar(20) NOT NULL,
    Position int NOT NULL,
    Title nvarchar(200) NOT NULL,
    Description nvarchar(4000) NULL,
    IsPublic bit NOT NULL,
    Version int NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL,
    CONSTRAINT UQ_AgendaItems_Meeting_Number UNIQUE (MeetingId, Number)
);
GO

CREATE INDEX IX_AgendaItems_Meeting_Position ON dbo.AgendaItems (MeetingId, Position);
GO

CREATE TABLE dbo.AgendaItemProjects (
    AgendaItemId uniqueidentifier NOT NULL CONSTRAINT FK_AgendaItemProjects_AgendaItems REFERENCES dbo.AgendaItems (Id) ON DELETE CASCADE,
    ProjectId uniqueidentifier NOT NULL CONSTRAINT FK_AgendaItemProjects_Projects REFERENCES dbo.Projects (Id),
    CONSTRAINT PK_AgendaItemProjects PRIMARY KEY (AgendaItemId, ProjectId)
);
GO

CREATE INDEX IX_AgendaItemProjects_Project ON dbo.AgendaItemProjects (ProjectId, AgendaItemId);
GO

-- One row per seat of the meeting, made when the meeting is planned from the then active members; the
-- status is recorded when the meeting is held.
CREATE TABLE dbo.Attendance (
    MeetingId uniqueidentifier NOT NULL CONSTRAINT FK_Attendance_Meetings REFERENCES dbo.Meetings (Id),
    RegionId uniqueidentifier NOT NULL,
    Ags nvarchar(8) NOT NULL,
    Status nvarchar(20) NULL CONSTRAINT CK_Attendance_Status CHECK (Status IN (N'present', N'excused', N'absent')),
    DelegateName nvarchar(200) NULL,
    CONSTRAINT PK_Attendance PRIMARY KEY (MeetingId, Ags),
    CONSTRAINT FK_Attendance_Members FOREIGN KEY (RegionId, Ags) REFERENCES dbo.Members (RegionId, Ags)
);
GO

CREATE TABLE dbo.Circulations (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_Circulations PRIMARY KEY,
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_Circulations_Regions REFERENCES dbo.Regions (Id),
    Reference nvarchar(50) NOT NULL,
    Title nvarchar(200) NOT NULL,
    Text nvarchar(max) NOT NULL,
    Type nvarchar(30) NOT NULL,
    ProjectId uniqueidentifier NULL CONSTRAINT FK_Circulations_Projects REFERENCES dbo.Projects (Id),
    Supersedes uniqueidentifier NULL,
    Deadline datetimeoffset(6) NOT NULL,
    State nvarchar(20) NOT NULL CONSTRAINT CK_Circulations_State CHECK (State IN (N'open', N'closed')),
    DecisionId uniqueidentifier NULL,
    Version int NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL
);
GO

CREATE INDEX IX_Circulations_Region_State ON dbo.Circulations (RegionId, State, Deadline);
GO

CREATE TABLE dbo.CirculationSeats (
    CirculationId uniqueidentifier NOT NULL CONSTRAINT FK_CirculationSeats_Circulations REFERENCES dbo.Circulations (Id),
    RegionId uniqueidentifier NOT NULL,
    Ags nvarchar(8) NOT NULL,
    Vote nvarchar(10) NULL CONSTRAINT CK_CirculationSeats_Vote CHECK (Vote IN (N'yes', N'no', N'abstain')),
    VotedAt datetimeoffset(6) NULL,
    CONSTRAINT PK_CirculationSeats PRIMARY KEY (CirculationId, Ags),
    CONSTRAINT FK_CirculationSeats_Members FOREIGN KEY (RegionId, Ags) REFERENCES dbo.Members (RegionId, Ags)
);
GO

CREATE TABLE dbo.Decisions (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_Decisions PRIMARY KEY,
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_Decisions_Regions REFERENCES dbo.Regions (Id),
    Reference nvarchar(50) NOT NULL,
    Title nvarchar(200) NOT NULL,
    Text nvarchar(max) NOT NULL,
    Type nvarchar(30) NOT NULL CONSTRAINT CK_Decisions_Type CHECK (Type IN (N'general', N'adopt_project', N'promote_to_lead', N'demote_to_potential', N'discontinue_project', N'approve_strategy')),
    ProjectId uniqueidentifier NULL CONSTRAINT FK_Decisions_Projects REFERENCES dbo.Projects (Id),
    MeetingId uniqueidentifier NULL CONSTRAINT FK_Decisions_Meetings REFERENCES dbo.Meetings (Id),
    AgendaItemId uniqueidentifier NULL CONSTRAINT FK_Decisions_AgendaItems REFERENCES dbo.AgendaItems (Id),
    CirculationId uniqueidentifier NULL CONSTRAINT FK_Decisions_Circulations REFERENCES dbo.Circulations (Id),
    Seats int NOT NULL,
    Present int NOT NULL,
    Yes int NOT NULL,
    No int NOT NULL,
    Abstain int NOT NULL,
    QuorumPresent bit NOT NULL,
    Result nvarchar(20) NOT NULL CONSTRAINT CK_Decisions_Result CHECK (Result IN (N'adopted', N'rejected')),
    Supersedes uniqueidentifier NULL CONSTRAINT FK_Decisions_Supersedes REFERENCES dbo.Decisions (Id),
    DecidedAt datetimeoffset(6) NOT NULL,
    Version int NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    CONSTRAINT UQ_Decisions_Region_Reference UNIQUE (RegionId, Reference)
);
GO

CREATE INDEX IX_Decisions_Region_DecidedAt ON dbo.Decisions (RegionId, DecidedAt, Id);
GO

CREATE INDEX IX_Decisions_Project ON dbo.Decisions (ProjectId, DecidedAt);
GO

CREATE INDEX IX_Decisions_Meeting ON dbo.Decisions (MeetingId, DecidedAt);
GO

CREATE TABLE dbo.DecisionVotes (
    DecisionId uniqueidentifier NOT NULL CONSTRAINT FK_DecisionVotes_Decisions REFERENCES dbo.Decisions (Id),
    Ags nvarchar(8) NOT NULL,
    Vote nvarchar(10) NOT NULL CONSTRAINT CK_DecisionVotes_Vote CHECK (Vote IN (N'yes', N'no', N'abstain')),
    CONSTRAINT PK_DecisionVotes PRIMARY KEY (DecisionId, Ags)
);
GO
