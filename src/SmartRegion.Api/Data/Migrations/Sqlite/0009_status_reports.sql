-- Status reports (Sachstandsberichte): append-only; a correction is a new report that supersedes an older one of the
-- same project, and a report is superseded at most once (the unique index has the last word when two race).
-- The region's reporting interval marks running projects without a recent report as overdue.
ALTER TABLE Regions ADD COLUMN ReportingIntervalDays INTEGER NOT NULL DEFAULT 90 CHECK (ReportingIntervalDays BETWEEN 1 AND 3660);

CREATE TABLE StatusReports (
    Id TEXT NOT NULL PRIMARY KEY,
    ProjectId TEXT NOT NULL REFERENCES Projects (Id) ON DELETE CASCADE,
    ReportingDate TEXT NOT NULL,
    TrafficLight TEXT NOT NULL CHECK (TrafficLight IN ('green', 'yellow', 'red')),
    ProgressPercent INTEGER NOT NULL CHECK (ProgressPercent BETWEEN 0 AND 100),
    Summary TEXT NOT NULL,
    NextSteps TEXT NULL,
    Risks TEXT NULL,
    Milestones TEXT NOT NULL,
    Supersedes TEXT NULL REFERENCES StatusReports (Id),
    ReportedBy TEXT NOT NULL,
    CreatedAt TEXT NOT NULL
);

CREATE INDEX IX_StatusReports_Project_Date ON StatusReports (ProjectId, ReportingDate, Id);
CREATE INDEX IX_StatusReports_Date ON StatusReports (ReportingDate, Id);
CREATE UNIQUE INDEX UX_StatusReports_Supersedes ON StatusReports (Supersedes) WHERE Supersedes IS NOT NULL;
