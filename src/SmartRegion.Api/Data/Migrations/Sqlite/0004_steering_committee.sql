-- Lenkungskreis (same tables, columns and indexes as the SQL Server script): committee settings and delegates, meetings with agenda, attendance, decisions with votes,
-- circulations (Umlaufverfahren) with one vote per seat.
CREATE TABLE CommitteeSettings (
    RegionId TEXT NOT NULL CONSTRAINT PK_CommitteeSettings PRIMARY KEY CONSTRAINT FK_CommitteeSettings_Regions REFERENCES Regions (Id),
    -- Quorum: more than this percentage of the seats present (50 = more than half).
    QuorumPercent INTEGER NOT NULL CONSTRAINT CK_CommitteeSettings_QuorumPercent CHECK (QuorumPercent BETWEEN 0 AND 99),
    Version INTEGER NOT NULL,
    UpdatedAt TEXT NOT NULL
);

CREATE TABLE CommitteeDelegates (
    RegionId TEXT NOT NULL,
    Ags TEXT NOT NULL,
    Delegates TEXT NOT NULL,
    Version INTEGER NOT NULL,
    UpdatedAt TEXT NOT NULL,
    CONSTRAINT PK_CommitteeDelegates PRIMARY KEY (RegionId, Ags),
    CONSTRAINT FK_CommitteeDelegates_Members FOREIGN KEY (RegionId, Ags) REFERENCES Members (RegionId, Ags)
);

CREATE TABLE Meetings (
    Id TEXT NOT NULL CONSTRAINT PK_Meetings PRIMARY KEY,
    RegionId TEXT NOT NULL CONSTRAINT FK_Meetings_Regions REFERENCES Regions (Id),
    Number TEXT NOT NULL,
    Title TEXT NOT NULL,
    StartsAt TEXT NOT NULL,
    EndsAt TEXT NOT NULL,
    Location TEXT NULL,
    OnlineLink TEXT NULL,
    InvitationDate TEXT NULL,
    State TEXT NOT NULL CONSTRAINT CK_Meetings_State CHECK (State IN ('planned', 'held', 'closed', 'cancelled')),
    Minutes TEXT NULL,
    Version INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    CONSTRAINT UQ_Meetings_Region_Number UNIQUE (RegionId, Number),
    CONSTRAINT CK_Meetings_Times CHECK (EndsAt >= StartsAt)
);

CREATE INDEX IX_Meetings_Region_StartsAt ON Meetings (RegionId, StartsAt, Id);

CREATE INDEX IX_Meetings_Region_State ON Meetings (RegionId, State, StartsAt);

CREATE TABLE AgendaItems (
    Id TEXT NOT NULL CONSTRAINT PK_AgendaItems PRIMARY KEY,
    MeetingId TEXT NOT NULL CONSTRAINT FK_AgendaItems_Meetings REFERENCES Meetings (Id),
    Number TEXT NOT NULL,
    Position INTEGER NOT NULL,
    Title TEXT NOT NULL,
    Description TEXT NULL,
    IsPublic INTEGER NOT NULL,
    Version INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    CONSTRAINT UQ_AgendaItems_Meeting_Number UNIQUE (MeetingId, Number)
);

CREATE INDEX IX_AgendaItems_Meeting_Position ON AgendaItems (MeetingId, Position);

CREATE TABLE AgendaItemProjects (
    AgendaItemId TEXT NOT NULL CONSTRAINT FK_AgendaItemProjects_AgendaItems REFERENCES AgendaItems (Id) ON DELETE CASCADE,
    ProjectId TEXT NOT NULL CONSTRAINT FK_AgendaItemProjects_Projects REFERENCES Projects (Id),
    CONSTRAINT PK_AgendaItemProjects PRIMARY KEY (AgendaItemId, ProjectId)
);

CREATE INDEX IX_AgendaItemProjects_Project ON AgendaItemProjects (ProjectId, AgendaItemId);

-- One row per seat of the meeting, made when the meeting is planned from the then active members; the
-- status is recorded when the meeting is held.
CREATE TABLE Attendance (
    MeetingId TEXT NOT NULL CONSTRAINT FK_Attendance_Meetings REFERENCES Meetings (Id),
    RegionId TEXT NOT NULL,
    Ags TEXT NOT NULL,
    Status TEXT NULL CONSTRAINT CK_Attendance_Status CHECK (Status IN ('present', 'excused', 'absent')),
    DelegateName TEXT NULL,
    CONSTRAINT PK_Attendance PRIMARY KEY (MeetingId, Ags),
    CONSTRAINT FK_Attendance_Members FOREIGN KEY (RegionId, Ags) REFERENCES Members (RegionId, Ags)
);

CREATE TABLE Circulations (
    Id TEXT NOT NULL CONSTRAINT PK_Circulations PRIMARY KEY,
    RegionId TEXT NOT NULL CONSTRAINT FK_Circulations_Regions REFERENCES Regions (Id),
    Reference TEXT NOT NULL,
    Title TEXT NOT NULL,
    Text TEXT NOT NULL,
    Type TEXT NOT NULL,
    ProjectId TEXT NULL CONSTRAINT FK_Circulations_Projects REFERENCES Projects (Id),
    Supersedes TEXT NULL,
    Deadline TEXT NOT NULL,
    State TEXT NOT NULL CONSTRAINT CK_Circulations_State CHECK (State IN ('open', 'closed')),
    DecisionId TEXT NULL,
    Version INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL
);

CREATE INDEX IX_Circulations_Region_State ON Circulations (RegionId, State, Deadline);

CREATE TABLE CirculationSeats (
    CirculationId TEXT NOT NULL CONSTRAINT FK_CirculationSeats_Circulations REFERENCES Circulations (Id),
    RegionId TEXT NOT NULL,
    Ags TEXT NOT NULL,
    Vote TEXT NULL CONSTRAINT CK_CirculationSeats_Vote CHECK (Vote IN ('yes', 'no', 'abstain')),
    VotedAt TEXT NULL,
    CONSTRAINT PK_CirculationSeats PRIMARY KEY (CirculationId, Ags),
    CONSTRAINT FK_CirculationSeats_Members FOREIGN KEY (RegionId, Ags) REFERENCES Members (RegionId, Ags)
);

CREATE TABLE Decisions (
    Id TEXT NOT NULL CONSTRAINT PK_Decisions PRIMARY KEY,
    RegionId TEXT NOT NULL CONSTRAINT FK_Decisions_Regions REFERENCES Regions (Id),
    Reference TEXT NOT NULL,
    Title TEXT NOT NULL,
    Text TEXT NOT NULL,
    Type TEXT NOT NULL CONSTRAINT CK_Decisions_Type CHECK (Type IN ('general', 'adopt_project', 'promote_to_lead', 'demote_to_potential', 'discontinue_project', 'approve_strategy')),
    ProjectId TEXT NULL CONSTRAINT FK_Decisions_Projects REFERENCES Projects (Id),
    MeetingId TEXT NULL CONSTRAINT FK_Decisions_Meetings REFERENCES Meetings (Id),
    AgendaItemId TEXT NULL CONSTRAINT FK_Decisions_AgendaItems REFERENCES AgendaItems (Id),
    CirculationId TEXT NULL CONSTRAINT FK_Decisions_Circulations REFERENCES Circulations (Id),
    Seats INTEGER NOT NULL,
    Present INTEGER NOT NULL,
    Yes INTEGER NOT NULL,
    No INTEGER NOT NULL,
    Abstain INTEGER NOT NULL,
    QuorumPresent INTEGER NOT NULL,
    Result TEXT NOT NULL CONSTRAINT CK_Decisions_Result CHECK (Result IN ('adopted', 'rejected')),
    Supersedes TEXT NULL CONSTRAINT FK_Decisions_Supersedes REFERENCES Decisions (Id),
    DecidedAt TEXT NOT NULL,
    Version INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    CONSTRAINT UQ_Decisions_Region_Reference UNIQUE (RegionId, Reference)
);

CREATE INDEX IX_Decisions_Region_DecidedAt ON Decisions (RegionId, DecidedAt, Id);

CREATE INDEX IX_Decisions_Project ON Decisions (ProjectId, DecidedAt);

CREATE INDEX IX_Decisions_Meeting ON Decisions (MeetingId, DecidedAt);

CREATE TABLE DecisionVotes (
    DecisionId TEXT NOT NULL CONSTRAINT FK_DecisionVotes_Decisions REFERENCES Decisions (Id),
    Ags TEXT NOT NULL,
    Vote TEXT NOT NULL CONSTRAINT CK_DecisionVotes_Vote CHECK (Vote IN ('yes', 'no', 'abstain')),
    CONSTRAINT PK_DecisionVotes PRIMARY KEY (DecisionId, Ags)
);
