-- The region's strategy as versions (Beta, 1.0, …): vision, Leitbild, values and goals with indicators as one JSON
-- document (Content) edited as a whole while the version is a draft; the fields of action and projects as a JSON
-- snapshot (Snapshot) taken when it leaves draft. At most one approved version per region (the filtered unique index
-- has the last word when two approvals race). Decisions of type approve_strategy name the version they approve.
-- Consultation comments with the coordinator's disposition (Abwägung); measured values per indicator, by the
-- indicator's id, which stays the same across versions.
CREATE TABLE dbo.StrategyVersions (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_StrategyVersions PRIMARY KEY,
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_StrategyVersions_Regions REFERENCES dbo.Regions (Id),
    Label nvarchar(50) NOT NULL,
    LabelKey nvarchar(50) COLLATE Latin1_General_100_BIN2 NOT NULL,
    State nvarchar(20) NOT NULL CONSTRAINT CK_StrategyVersions_State CHECK (State IN (N'draft', N'in_consultation', N'approved', N'superseded')),
    Vision nvarchar(4000) NOT NULL,
    Leitbild nvarchar(max) NULL,
    Content nvarchar(max) NOT NULL,
    Snapshot nvarchar(max) NULL,
    BasedOn uniqueidentifier NULL CONSTRAINT FK_StrategyVersions_BasedOn REFERENCES dbo.StrategyVersions (Id),
    ConsultationStartedAt datetimeoffset(6) NULL,
    ApprovalDecisionId uniqueidentifier NULL CONSTRAINT FK_StrategyVersions_Decisions REFERENCES dbo.Decisions (Id),
    ApprovedAt datetimeoffset(6) NULL,
    SupersededAt datetimeoffset(6) NULL,
    Version int NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL,
    CONSTRAINT UQ_StrategyVersions_Region_LabelKey UNIQUE (RegionId, LabelKey)
);
GO

CREATE INDEX IX_StrategyVersions_Region_Created ON dbo.StrategyVersions (RegionId, CreatedAt, Id);
GO

CREATE INDEX IX_StrategyVersions_Region_State ON dbo.StrategyVersions (RegionId, State, CreatedAt, Id);
GO

CREATE UNIQUE INDEX UX_StrategyVersions_Approved ON dbo.StrategyVersions (RegionId) WHERE State = N'approved';
GO

ALTER TABLE dbo.Decisions ADD StrategyVersionId uniqueidentifier NULL CONSTRAINT FK_Decisions_StrategyVersions REFERENCES dbo.StrategyVersions (Id);
GO

CREATE INDEX IX_Decisions_StrategyVersion ON dbo.Decisions (StrategyVersionId);
GO

CREATE TABLE dbo.StrategyComments (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_StrategyComments PRIMARY KEY,
    StrategyVersionId uniqueidentifier NOT NULL CONSTRAINT FK_StrategyComments_StrategyVersions REFERENCES dbo.StrategyVersions (Id),
    Section nvarchar(20) NOT NULL CONSTRAINT CK_StrategyComments_Section CHECK (Section IN (N'general', N'goal', N'value', N'field_of_action', N'project')),
    SectionId uniqueidentifier NULL,
    Text nvarchar(4000) NOT NULL,
    AuthorAgs nvarchar(8) NULL,
    OnBehalfOf nvarchar(200) NULL,
    SubmittedBy nvarchar(200) NOT NULL,
    Disposition nvarchar(20) NULL CONSTRAINT CK_StrategyComments_Disposition CHECK (Disposition IN (N'accepted', N'partly_accepted', N'rejected', N'noted')),
    DispositionReason nvarchar(4000) NULL,
    DisposedBy nvarchar(200) NULL,
    DisposedAt datetimeoffset(6) NULL,
    Version int NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL,
    CONSTRAINT CK_StrategyComments_Author CHECK ((AuthorAgs IS NULL AND OnBehalfOf IS NOT NULL) OR (AuthorAgs IS NOT NULL AND OnBehalfOf IS NULL)),
    CONSTRAINT CK_StrategyComments_Reason CHECK ((Disposition IS NULL AND DispositionReason IS NULL) OR (Disposition IS NOT NULL AND DispositionReason IS NOT NULL))
);
GO

CREATE INDEX IX_StrategyComments_Version_Created ON dbo.StrategyComments (StrategyVersionId, CreatedAt, Id);
GO

CREATE INDEX IX_StrategyComments_Version_Section ON dbo.StrategyComments (StrategyVersionId, Section, CreatedAt, Id);
GO

CREATE INDEX IX_StrategyComments_Version_Disposition ON dbo.StrategyComments (StrategyVersionId, Disposition, CreatedAt, Id);
GO

CREATE TABLE dbo.StrategyMeasurements (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_StrategyMeasurements PRIMARY KEY,
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_StrategyMeasurements_Regions REFERENCES dbo.Regions (Id),
    IndicatorId uniqueidentifier NOT NULL,
    MeasuredOn date NOT NULL,
    Value decimal(15, 2) NOT NULL,
    Source nvarchar(500) NOT NULL,
    Note nvarchar(2000) NULL,
    RecordedBy nvarchar(200) NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL
);
GO

CREATE INDEX IX_StrategyMeasurements_Indicator ON dbo.StrategyMeasurements (RegionId, IndicatorId, MeasuredOn, CreatedAt, Id);
GO
