-- Project registry: themes (Querschnittsthemen), projects with their themes, funding sources and history.
CREATE TABLE dbo.Themes (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_Themes PRIMARY KEY,
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_Themes_Regions REFERENCES dbo.Regions (Id),
    Name nvarchar(100) NOT NULL,
    NameKey nvarchar(100) NOT NULL,
    Description nvarchar(4000) NULL,
    Version int NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL,
    CONSTRAINT UQ_Themes_Region_NameKey UNIQUE (RegionId, NameKey)
);
GO

CREATE INDEX IX_Themes_Region_UpdatedAt ON dbo.Themes (RegionId, UpdatedAt);
GO

CREATE TABLE dbo.Projects (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_Projects PRIMARY KEY,
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_Projects_Regions REFERENCES dbo.Regions (Id),
    Code nvarchar(20) NOT NULL,
    Title nvarchar(200) NOT NULL,
    Summary nvarchar(1000) NULL,
    Description nvarchar(max) NULL,
    Category nvarchar(20) NOT NULL CONSTRAINT CK_Projects_Category CHECK (Category IN (N'lead', N'potential')),
    FieldOfActionId uniqueidentifier NOT NULL CONSTRAINT FK_Projects_FieldsOfAction REFERENCES dbo.FieldsOfAction (Id),
    PlannedStart date NULL,
    PlannedEnd date NULL,
    EstimatedCost decimal(18, 2) NULL CONSTRAINT CK_Projects_EstimatedCost CHECK (EstimatedCost >= 0),
    CostSharingKey nvarchar(20) NOT NULL CONSTRAINT CK_Projects_CostSharingKey CHECK (CostSharingKey IN (N'equal', N'population', N'custom')),
    ProposedBy nvarchar(8) NULL,
    Status nvarchar(30) NOT NULL CONSTRAINT CK_Projects_Status CHECK (Status IN (N'draft', N'proposed', N'adopted', N'in_implementation', N'on_hold', N'completed', N'discontinued')),
    -- The state an on_hold project returns to.
    StatusBeforeHold nvarchar(30) NULL,
    -- Code, title and summary folded (lower case, umlauts and accents removed) by the service, so that text search
    -- behaves the same on every engine and collation.
    SearchText nvarchar(1300) NOT NULL,
    Version int NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL,
    CONSTRAINT UQ_Projects_Region_Code UNIQUE (RegionId, Code),
    CONSTRAINT FK_Projects_Members_ProposedBy FOREIGN KEY (RegionId, ProposedBy) REFERENCES dbo.Members (RegionId, Ags),
    CONSTRAINT CK_Projects_PlannedDates CHECK (PlannedEnd >= PlannedStart)
);
GO

CREATE INDEX IX_Projects_Region_Status_Code ON dbo.Projects (RegionId, Status, Code);
GO

CREATE INDEX IX_Projects_Region_Category_Code ON dbo.Projects (RegionId, Category, Code);
GO

CREATE INDEX IX_Projects_Region_FieldOfAction_Code ON dbo.Projects (RegionId, FieldOfActionId, Code);
GO

CREATE INDEX IX_Projects_Region_UpdatedAt ON dbo.Projects (RegionId, UpdatedAt);
GO

CREATE TABLE dbo.ProjectThemes (
    ProjectId uniqueidentifier NOT NULL CONSTRAINT FK_ProjectThemes_Projects REFERENCES dbo.Projects (Id) ON DELETE CASCADE,
    ThemeId uniqueidentifier NOT NULL CONSTRAINT FK_ProjectThemes_Themes REFERENCES dbo.Themes (Id),
    CONSTRAINT PK_ProjectThemes PRIMARY KEY (ProjectId, ThemeId)
);
GO

CREATE INDEX IX_ProjectThemes_Theme ON dbo.ProjectThemes (ThemeId, ProjectId);
GO

CREATE TABLE dbo.FundingSources (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_FundingSources PRIMARY KEY,
    ProjectId uniqueidentifier NOT NULL CONSTRAINT FK_FundingSources_Projects REFERENCES dbo.Projects (Id) ON DELETE CASCADE,
    Programme nvarchar(200) NOT NULL,
    FundingBody nvarchar(200) NOT NULL,
    Amount decimal(18, 2) NOT NULL CONSTRAINT CK_FundingSources_Amount CHECK (Amount >= 0),
    Status nvarchar(20) NOT NULL CONSTRAINT CK_FundingSources_Status CHECK (Status IN (N'planned', N'applied', N'granted', N'rejected')),
    DecisionDate date NULL,
    Reference nvarchar(100) NULL,
    Version int NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL
);
GO

CREATE INDEX IX_FundingSources_Project ON dbo.FundingSources (ProjectId, CreatedAt);
GO

CREATE TABLE dbo.ProjectHistory (
    Seq bigint IDENTITY(1, 1) NOT NULL CONSTRAINT PK_ProjectHistory PRIMARY KEY,
    Id uniqueidentifier NOT NULL CONSTRAINT UQ_ProjectHistory_Id UNIQUE,
    ProjectId uniqueidentifier NOT NULL CONSTRAINT FK_ProjectHistory_Projects REFERENCES dbo.Projects (Id) ON DELETE CASCADE,
    Kind nvarchar(30) NOT NULL,
    FromStatus nvarchar(30) NULL,
    ToStatus nvarchar(30) NULL,
    ChangedFields nvarchar(1000) NULL,
    Reason nvarchar(2000) NULL,
    DecisionId uniqueidentifier NULL,
    Actor nvarchar(200) NOT NULL,
    OccurredAt datetimeoffset(6) NOT NULL
);
GO

CREATE INDEX IX_ProjectHistory_Project_Seq ON dbo.ProjectHistory (ProjectId, Seq);
GO
