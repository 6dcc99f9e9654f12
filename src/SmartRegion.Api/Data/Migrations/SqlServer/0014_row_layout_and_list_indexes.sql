-- 0014: where SQL Server stores the rows of the big tables, and the index the circulation list needs.
-- Ids are UUIDv7 made by the service (time first, then random bits). SQL Server sorts uniqueidentifier by its LAST
-- six bytes first, which in a UUIDv7 are random: a clustered primary key on Id put every new row at a random place
-- in the table, splitting pages and fragmenting the big tables (Projects, Participations, Decisions, StatusReports,
-- FundingSources) as they grow. The layout chosen (README "Using SQL Server", "Row layout"):
-- * The primary key on Id stays, NONCLUSTERED: every lookup by id and every foreign key still seeks it.
-- * The table is clustered on (CreatedAt, Id), declared UNIQUE so SQL Server adds no uniquifier. CreatedAt is the
--   service clock's time of the insert (UTC, whole microseconds) and never changes, so new rows append at the end of
--   the table like an IDENTITY key would, without a column SQLite would lack (the dialects keep the same columns),
--   and without giving up UUIDv7 ids (a GUID reordered into SQL Server's byte order would no longer be one).
-- The primary key can only change while no foreign key refers to it, so those are dropped and re-created as they were.
-- Tables keyed by their parent (ProjectThemes, DecisionVotes, …) stay clustered on (ParentId, …): a parent's rows
-- are written together and read together, which is worth more than append order for rows that narrow. The small
-- tables (Regions, Members, Themes, FieldsOfAction, ApiKeys, Meetings, AgendaItems, Circulations) keep their keys.

-- Projects
ALTER TABLE dbo.ProjectThemes DROP CONSTRAINT FK_ProjectThemes_Projects;
GO
ALTER TABLE dbo.FundingSources DROP CONSTRAINT FK_FundingSources_Projects;
GO
ALTER TABLE dbo.ProjectHistory DROP CONSTRAINT FK_ProjectHistory_Projects;
GO
ALTER TABLE dbo.Participations DROP CONSTRAINT FK_Participations_Projects;
GO
ALTER TABLE dbo.AgendaItemProjects DROP CONSTRAINT FK_AgendaItemProjects_Projects;
GO
ALTER TABLE dbo.Circulations DROP CONSTRAINT FK_Circulations_Projects;
GO
ALTER TABLE dbo.Decisions DROP CONSTRAINT FK_Decisions_Projects;
GO
ALTER TABLE dbo.StatusReports DROP CONSTRAINT FK_StatusReports_Projects;
GO
ALTER TABLE dbo.Projects DROP CONSTRAINT PK_Projects;
GO
ALTER TABLE dbo.Projects ADD CONSTRAINT CX_Projects_CreatedAt_Id UNIQUE CLUSTERED (CreatedAt, Id);
GO
ALTER TABLE dbo.Projects ADD CONSTRAINT PK_Projects PRIMARY KEY NONCLUSTERED (Id);
GO
ALTER TABLE dbo.ProjectThemes ADD CONSTRAINT FK_ProjectThemes_Projects FOREIGN KEY (ProjectId) REFERENCES dbo.Projects (Id) ON DELETE CASCADE;
GO
ALTER TABLE dbo.FundingSources ADD CONSTRAINT FK_FundingSources_Projects FOREIGN KEY (ProjectId) REFERENCES dbo.Projects (Id) ON DELETE CASCADE;
GO
ALTER TABLE dbo.ProjectHistory ADD CONSTRAINT FK_ProjectHistory_Projects FOREIGN KEY (ProjectId) REFERENCES dbo.Projects (Id) ON DELETE CASCADE;
GO
ALTER TABLE dbo.Participations ADD CONSTRAINT FK_Participations_Projects FOREIGN KEY (ProjectId) REFERENCES dbo.Projects (Id) ON DELETE CASCADE;
GO
ALTER TABLE dbo.AgendaItemProjects ADD CONSTRAINT FK_AgendaItemProjects_Projects FOREIGN KEY (ProjectId) REFERENCES dbo.Projects (Id);
GO
ALTER TABLE dbo.Circulations ADD CONSTRAINT FK_Circulations_Projects FOREIGN KEY (ProjectId) REFERENCES dbo.Projects (Id);
GO
ALTER TABLE dbo.Decisions ADD CONSTRAINT FK_Decisions_Projects FOREIGN KEY (ProjectId) REFERENCES dbo.Projects (Id);
GO
ALTER TABLE dbo.StatusReports ADD CONSTRAINT FK_StatusReports_Projects FOREIGN KEY (ProjectId) REFERENCES dbo.Projects (Id) ON DELETE CASCADE;
GO

-- Participations
ALTER TABLE dbo.ParticipationHistory DROP CONSTRAINT FK_ParticipationHistory_Participations;
GO
ALTER TABLE dbo.Participations DROP CONSTRAINT PK_Participations;
GO
ALTER TABLE dbo.Participations ADD CONSTRAINT CX_Participations_CreatedAt_Id UNIQUE CLUSTERED (CreatedAt, Id);
GO
ALTER TABLE dbo.Participations ADD CONSTRAINT PK_Participations PRIMARY KEY NONCLUSTERED (Id);
GO
ALTER TABLE dbo.ParticipationHistory ADD CONSTRAINT FK_ParticipationHistory_Participations FOREIGN KEY (ParticipationId) REFERENCES dbo.Participations (Id) ON DELETE CASCADE;
GO

-- Decisions
ALTER TABLE dbo.Decisions DROP CONSTRAINT FK_Decisions_Supersedes;
GO
ALTER TABLE dbo.DecisionVotes DROP CONSTRAINT FK_DecisionVotes_Decisions;
GO
ALTER TABLE dbo.DecisionReferences DROP CONSTRAINT FK_DecisionReferences_Decisions;
GO
ALTER TABLE dbo.Decisions DROP CONSTRAINT PK_Decisions;
GO
ALTER TABLE dbo.Decisions ADD CONSTRAINT CX_Decisions_CreatedAt_Id UNIQUE CLUSTERED (CreatedAt, Id);
GO
ALTER TABLE dbo.Decisions ADD CONSTRAINT PK_Decisions PRIMARY KEY NONCLUSTERED (Id);
GO
ALTER TABLE dbo.Decisions ADD CONSTRAINT FK_Decisions_Supersedes FOREIGN KEY (Supersedes) REFERENCES dbo.Decisions (Id);
GO
ALTER TABLE dbo.DecisionVotes ADD CONSTRAINT FK_DecisionVotes_Decisions FOREIGN KEY (DecisionId) REFERENCES dbo.Decisions (Id);
GO
ALTER TABLE dbo.DecisionReferences ADD CONSTRAINT FK_DecisionReferences_Decisions FOREIGN KEY (DecisionId) REFERENCES dbo.Decisions (Id);
GO

-- StatusReports
ALTER TABLE dbo.StatusReports DROP CONSTRAINT FK_StatusReports_Supersedes;
GO
ALTER TABLE dbo.StatusReports DROP CONSTRAINT PK_StatusReports;
GO
ALTER TABLE dbo.StatusReports ADD CONSTRAINT CX_StatusReports_CreatedAt_Id UNIQUE CLUSTERED (CreatedAt, Id);
GO
ALTER TABLE dbo.StatusReports ADD CONSTRAINT PK_StatusReports PRIMARY KEY NONCLUSTERED (Id);
GO
ALTER TABLE dbo.StatusReports ADD CONSTRAINT FK_StatusReports_Supersedes FOREIGN KEY (Supersedes) REFERENCES dbo.StatusReports (Id);
GO

-- FundingSources
ALTER TABLE dbo.FundingSources DROP CONSTRAINT PK_FundingSources;
GO
ALTER TABLE dbo.FundingSources ADD CONSTRAINT CX_FundingSources_CreatedAt_Id UNIQUE CLUSTERED (CreatedAt, Id);
GO
ALTER TABLE dbo.FundingSources ADD CONSTRAINT PK_FundingSources PRIMARY KEY NONCLUSTERED (Id);
GO

-- The circulation list reads a region's circulations in creation order (keyset on CreatedAt, Id).
CREATE INDEX IX_Circulations_Region_CreatedAt ON dbo.Circulations (RegionId, CreatedAt, Id);
GO
