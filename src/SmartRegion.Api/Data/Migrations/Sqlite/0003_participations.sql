-- Participation: each member's opt-in to a project, with its council resolution and state history.
-- StaffFte and CustomPercent are exact decimal TEXT like money (see DapperTypeHandlers).
CREATE TABLE Participations (
    Id TEXT NOT NULL PRIMARY KEY,
    RegionId TEXT NOT NULL REFERENCES Regions (Id),
    ProjectId TEXT NOT NULL REFERENCES Projects (Id) ON DELETE CASCADE,
    Ags TEXT NOT NULL,
    Role TEXT NOT NULL CHECK (Role IN ('lead', 'partner', 'observer')),
    State TEXT NOT NULL CHECK (State IN ('interested', 'pending_council', 'committed', 'withdrawn')),
    ContactName TEXT NULL,
    ContactEmail TEXT NULL,
    StaffFte TEXT NULL,
    CustomPercent TEXT NULL,
    Note TEXT NULL,
    ResolutionBody TEXT NULL,
    ResolutionDate TEXT NULL,
    ResolutionReference TEXT NULL,
    ResolutionUrl TEXT NULL,
    Version INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    UNIQUE (ProjectId, Ags),
    FOREIGN KEY (RegionId, Ags) REFERENCES Members (RegionId, Ags)
);

CREATE UNIQUE INDEX UX_Participations_OneLead ON Participations (ProjectId) WHERE Role = 'lead' AND State <> 'withdrawn';
CREATE INDEX IX_Participations_Region_Ags ON Participations (RegionId, Ags, ProjectId);
CREATE INDEX IX_Participations_Region_UpdatedAt ON Participations (RegionId, UpdatedAt);

CREATE TABLE ParticipationHistory (
    Seq INTEGER PRIMARY KEY AUTOINCREMENT,
    Id TEXT NOT NULL UNIQUE,
    ParticipationId TEXT NOT NULL REFERENCES Participations (Id) ON DELETE CASCADE,
    Kind TEXT NOT NULL,
    FromState TEXT NULL,
    ToState TEXT NULL,
    ChangedFields TEXT NULL,
    Reason TEXT NULL,
    Actor TEXT NOT NULL,
    OccurredAt TEXT NOT NULL
);

CREATE INDEX IX_ParticipationHistory_Participation_Seq ON ParticipationHistory (ParticipationId, Seq);
