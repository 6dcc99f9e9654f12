-- Project registry: themes (Querschnittsthemen), projects with their themes, funding sources and history.
-- Money is TEXT holding the exact decimal ("12345.67"): SQLite would turn DECIMAL into binary floating point.
-- Dates are TEXT yyyy-MM-dd.
CREATE TABLE Themes (
    Id TEXT NOT NULL PRIMARY KEY,
    RegionId TEXT NOT NULL REFERENCES Regions (Id),
    Name TEXT NOT NULL,
    NameKey TEXT NOT NULL,
    Description TEXT NULL,
    Version INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    UNIQUE (RegionId, NameKey)
);

CREATE INDEX IX_Themes_Region_UpdatedAt ON Themes (RegionId, UpdatedAt);

CREATE TABLE Projects (
    Id TEXT NOT NULL PRIMARY KEY,
    RegionId TEXT NOT NULL REFERENCES Regions (Id),
    Code TEXT NOT NULL,
    Title TEXT NOT NULL,
    Summary TEXT NULL,
    Description TEXT NULL,
    Category TEXT NOT NULL CHECK (Category IN ('lead', 'potential')),
    FieldOfActionId TEXT NOT NULL REFERENCES FieldsOfAction (Id),
    PlannedStart TEXT NULL,
    PlannedEnd TEXT NULL,
    EstimatedCost TEXT NULL,
    CostSharingKey TEXT NOT NULL CHECK (CostSharingKey IN ('equal', 'population', 'custom')),
    ProposedBy TEXT NULL,
    Status TEXT NOT NULL CHECK (Status IN ('draft', 'proposed', 'adopted', 'in_implementation', 'on_hold', 'completed', 'discontinued')),
    StatusBeforeHold TEXT NULL,
    SearchText TEXT NOT NULL,
    Version INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    UNIQUE (RegionId, Code),
    FOREIGN KEY (RegionId, ProposedBy) REFERENCES Members (RegionId, Ags),
    CHECK (PlannedEnd >= PlannedStart)
);

CREATE INDEX IX_Projects_Region_Status_Code ON Projects (RegionId, Status, Code);
CREATE INDEX IX_Projects_Region_Category_Code ON Projects (RegionId, Category, Code);
CREATE INDEX IX_Projects_Region_FieldOfAction_Code ON Projects (RegionId, FieldOfActionId, Code);
CREATE INDEX IX_Projects_Region_UpdatedAt ON Projects (RegionId, UpdatedAt);

CREATE TABLE ProjectThemes (
    ProjectId TEXT NOT NULL REFERENCES Projects (Id) ON DELETE CASCADE,
    ThemeId TEXT NOT NULL REFERENCES Themes (Id),
    PRIMARY KEY (ProjectId, ThemeId)
);

CREATE INDEX IX_ProjectThemes_Theme ON ProjectThemes (ThemeId, ProjectId);

CREATE TABLE FundingSources (
    Id TEXT NOT NULL PRIMARY KEY,
    ProjectId TEXT NOT NULL REFERENCES Projects (Id) ON DELETE CASCADE,
    Programme TEXT NOT NULL,
    FundingBody TEXT NOT NULL,
    Amount TEXT NOT NULL,
    Status TEXT NOT NULL CHECK (Status IN ('planned', 'applied', 'granted', 'rejected')),
    DecisionDate TEXT NULL,
    Reference TEXT NULL,
    Version INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL
);

CREATE INDEX IX_FundingSources_Project ON FundingSources (ProjectId, CreatedAt);

CREATE TABLE ProjectHistory (
    Seq INTEGER PRIMARY KEY AUTOINCREMENT,
    Id TEXT NOT NULL UNIQUE,
    ProjectId TEXT NOT NULL REFERENCES Projects (Id) ON DELETE CASCADE,
    Kind TEXT NOT NULL,
    FromStatus TEXT NULL,
    ToStatus TEXT NULL,
    ChangedFields TEXT NULL,
    Reason TEXT NULL,
    DecisionId TEXT NULL,
    Actor TEXT NOT NULL,
    OccurredAt TEXT NOT NULL
);

CREATE INDEX IX_ProjectHistory_Project_Seq ON ProjectHistory (ProjectId, Seq);
