-- Participation: each member's opt-in to a project, with its council resolution and state history.
CREATE TABLE dbo.Participations (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_Participations PRIMARY KEY,
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_Participations_Regions REFERENCES dbo.Regions (Id),
    ProjectId uniqueidentifier NOT NULL CONSTRAINT FK_Participations_Projects REFERENCES dbo.Projects (Id) ON DELETE CASCADE,
    Ags nvarchar(8) NOT NULL,
    Role nvarchar(20) NOT NULL CONSTRAINT CK_Participations_Role CHECK (Role IN (N'lead', N'partner', N'observer')),
    State nvarchar(20) NOT NULL CONSTRAINT CK_Participations_State CHECK (State IN (N'interested', N'pending_council', N'committed', N'withdrawn')),
    ContactName nvarchar(200) NULL,
    ContactEmail nvarchar(254) NULL,
    StaffFte decimal(18, 2) NULL CONSTRAINT CK_Participations_StaffFte CHECK (StaffFte >= 0),
    CustomPercent decimal(18, 2) NULL CONSTRAINT CK_Participations_CustomPercent CHECK (CustomPercent >= 0 AND CustomPercent <= 100),
    Note nvarchar(2000) NULL,
    ResolutionBody nvarchar(200) NULL,
    ResolutionDate date NULL,
    ResolutionReference nvarchar(100) NULL,
    ResolutionUrl nvarchar(500) NULL,
    Version int NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL,
    CONSTRAINT UQ_Participations_Project_Ags UNIQUE (ProjectId, Ags),
    CONSTRAINT FK_Participations_Members FOREIGN KEY (RegionId, Ags) REFERENCES dbo.Members (RegionId, Ags)
);
GO

-- At most one lead per project among the participations that are not withdrawn, even when two requests race.
CREATE UNIQUE INDEX UX_Participations_OneLead ON dbo.Participations (ProjectId) WHERE Role = N'lead' AND State <> N'withdrawn';
GO

CREATE INDEX IX_Participations_Region_Ags ON dbo.Participations (RegionId, Ags, ProjectId);
GO

CREATE INDEX IX_Participations_Region_UpdatedAt ON dbo.Participations (RegionId, UpdatedAt);
GO

CREATE TABLE dbo.ParticipationHistory (
    Seq bigint IDENTITY(1, 1) NOT NULL CONSTRAINT PK_ParticipationHistory PRIMARY KEY,
    Id uniqueidentifier NOT NULL CONSTRAINT UQ_ParticipationHistory_Id UNIQUE,
    ParticipationId uniqueidentifier NOT NULL CONSTRAINT FK_ParticipationHistory_Participations REFERENCES dbo.Participations (Id) ON DELETE CASCADE,
    Kind nvarchar(30) NOT NULL,
    FromState nvarchar(20) NULL,
    ToState nvarchar(20) NULL,
    ChangedFields nvarchar(1000) NULL,
    Reason nvarchar(2000) NULL,
    Actor nvarchar(200) NOT NULL,
    OccurredAt datetimeoffset(6) NOT NULL
);
GO

CREATE INDEX IX_ParticipationHistory_Participation_Seq ON dbo.ParticipationHistory (ParticipationId, Seq);
GO
