-- The region's strategy as versions (Beta, 1.0, …): vision, Leitbild, values and goals with indicators as one JSON
-- document (Content) edited as a whole while the version is a draft; the fields of action and projects as a JSON
-- snapshot (Snapshot) taken when it leaves draft. At most one approved version per region (the filtered unique index
-- has the last word when two approvals race). Decisions of type approve_strategy name the version they approve.
-- Consultation comments with the coordinator's disposition (Abwägung); measured values per indicator, by the
-- indicator's id, which stays the same across versions.
CREATE TABLE StrategyVersions (
    Id TEXT NOT NULL PRIMARY KEY,
    RegionId TEXT NOT NULL REFERENCES Regions (Id),
    Label TEXT NOT NULL,
    LabelKey TEXT NOT NULL,
    State TEXT NOT NULL CHECK (State IN ('draft', 'in_consultation', 'approved', 'superseded')),
    Vision TEXT NOT NULL,
    Leitbild TEXT NULL,
    Content TEXT NOT NULL,
    Snapshot TEXT NULL,
    BasedOn TEXT NULL REFERENCES StrategyVersions (Id),
    ConsultationStartedAt TEXT NULL,
    ApprovalDecisionId TEXT NULL REFERENCES Decisions (Id),
    ApprovedAt TEXT NULL,
    SupersededAt TEXT NULL,
    Version INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    UNIQUE (RegionId, LabelKey)
);

CREATE INDEX IX_StrategyVersions_Region_Created ON StrategyVersions (RegionId, CreatedAt, Id);
CREATE INDEX IX_StrategyVersions_Region_State ON StrategyVersions (RegionId, State, CreatedAt, Id);
CREATE UNIQUE INDEX UX_StrategyVersions_Approved ON StrategyVersions (RegionId) WHERE State = 'approved';

ALTER TABLE Decisions ADD COLUMN StrategyVersionId TEXT NULL REFERENCES StrategyVersions (Id);

CREATE INDEX IX_Decisions_StrategyVersion ON Decisions (StrategyVersionId);

CREATE TABLE StrategyComments (
    Id TEXT NOT NULL PRIMARY KEY,
    StrategyVersionId TEXT NOT NULL REFERENCES StrategyVersions (Id),
    Section TEXT NOT NULL CHECK (Section IN ('general', 'goal', 'value', 'field_of_action', 'project')),
    SectionId TEXT NULL,
    Text TEXT NOT NULL,
    AuthorAgs TEXT NULL,
    OnBehalfOf TEXT NULL,
    SubmittedBy TEXT NOT NULL,
    Disposition TEXT NULL CHECK (Disposition IN ('accepted', 'partly_accepted', 'rejected', 'noted')),
    DispositionReason TEXT NULL,
    DisposedBy TEXT NULL,
    DisposedAt TEXT NULL,
    Version INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    CHECK ((AuthorAgs IS NULL) <> (OnBehalfOf IS NULL)),
    CHECK ((Disposition IS NULL) = (DispositionReason IS NULL))
);

CREATE INDEX IX_StrategyComments_Version_Created ON StrategyComments (StrategyVersionId, CreatedAt, Id);
CREATE INDEX IX_StrategyComments_Version_Section ON StrategyComments (StrategyVersionId, Section, CreatedAt, Id);
CREATE INDEX IX_StrategyComments_Version_Disposition ON StrategyComments (StrategyVersionId, Disposition, CreatedAt, Id);

CREATE TABLE StrategyMeasurements (
    Id TEXT NOT NULL PRIMARY KEY,
    RegionId TEXT NOT NULL REFERENCES Regions (Id),
    IndicatorId TEXT NOT NULL,
    MeasuredOn TEXT NOT NULL,
    Value TEXT NOT NULL,
    Source TEXT NOT NULL,
    Note TEXT NULL,
    RecordedBy TEXT NOT NULL,
    CreatedAt TEXT NOT NULL
);

CREATE INDEX IX_StrategyMeasurements_Indicator ON StrategyMeasurements (RegionId, IndicatorId, MeasuredOn, CreatedAt, Id);
