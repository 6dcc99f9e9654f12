-- Status reports (Sachstandsberichte): append-only; a correction is a new report that supersedes an older one of the
-- same project, and a report is superseded at most once (the unique index has the last word when two race).
-- The region's reporting interval marks running projects without a recent report as overdue.
ALTER TABLE dbo.Regions ADD ReportingIntervalDays int NOT NULL
    CONSTRAINT DF_Regions_ReportingIntervalDays DEFAULT 90
    CONSTRAINT CK_Regions_ReportingIntervalDays CHECK (ReportingIntervalDays BETWEEN 1 AND 3660);
GO

CREATE TABLE dbo.StatusReports (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_StatusReports PRIMARY KEY,
    ProjectId uniqueidentifier NOT NULL CONSTRAINT FK_StatusReports_Projects REFERENCES dbo.Projects (Id) ON DELETE CASCADE,
    ReportingDate date NOT NULL,
    TrafficLight nvarchar(10) NOT NULL CONSTRAINT CK_StatusReports_TrafficLight CHECK (TrafficLight IN (N'green', N'yellow', N'red')),
    ProgressPercent int NOT NULL CONSTRAINT CK_StatusReports_ProgressPercent CHECK (ProgressPercent BETWEEN 0 AND 100),
    Summary nvarchar(4000) NOT NULL,
    NextSteps nvarchar(4000) NULL,
    Risks nvarchar(4000) NULL,
    Milestones nvarchar(max) NOT NULL,
    Supersedes uniqueidentifier NULL CONSTRAINT FK_StatusReports_Supersedes REFERENCES dbo.StatusReports (Id),
    ReportedBy nvarchar(200) NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL
);
GO

CREATE INDEX IX_StatusReports_Project_Date ON dbo.StatusReports (ProjectId, ReportingDate, Id);
GO

CREATE INDEX IX_StatusReports_Date ON dbo.StatusReports (ReportingDate, Id);
GO

CREATE UNIQUE INDEX UX_StatusReports_Supersedes ON dbo.StatusReports (Supersedes) WHERE Supersedes IS NOT NULL;
GO
