-- Foundation: regions, members, fields of action, credentials, change records and idempotency keys.
-- Guids are lower-case TEXT, timestamps fixed-width UTC TEXT (see DapperTypeHandlers), booleans 0/1.
CREATE TABLE Regions (
    Id TEXT NOT NULL PRIMARY KEY,
    Slug TEXT NOT NULL UNIQUE,
    Name TEXT NOT NULL,
    KreisKey TEXT NOT NULL,
    Vision TEXT NULL,
    Version INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL
);

CREATE TABLE Members (
    Id TEXT NOT NULL PRIMARY KEY,
    RegionId TEXT NOT NULL REFERENCES Regions (Id),
    Ags TEXT NOT NULL,
    Kind TEXT NOT NULL CHECK (Kind IN ('district', 'municipality')),
    Name TEXT NOT NULL,
    Population INTEGER NULL CHECK (Population >= 0),
    ContactName TEXT NULL,
    ContactEmail TEXT NULL,
    ContactPhone TEXT NULL,
    IsActive INTEGER NOT NULL,
    DeactivatedAt TEXT NULL,
    Version INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    UNIQUE (RegionId, Ags)
);

CREATE UNIQUE INDEX UX_Members_OneDistrict ON Members (RegionId) WHERE Kind = 'district';
CREATE INDEX IX_Members_Region_UpdatedAt ON Members (RegionId, UpdatedAt);

CREATE TABLE FieldsOfAction (
    Id TEXT NOT NULL PRIMARY KEY,
    RegionId TEXT NOT NULL REFERENCES Regions (Id),
    Name TEXT NOT NULL,
    NameKey TEXT NOT NULL,
    Description TEXT NULL,
    Position INTEGER NOT NULL,
    Version INTEGER NOT NULL,
    CreatedAt TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL,
    UNIQUE (RegionId, NameKey)
);

CREATE INDEX IX_FieldsOfAction_Region_Position ON FieldsOfAction (RegionId, Position, Id);
CREATE INDEX IX_FieldsOfAction_Region_UpdatedAt ON FieldsOfAction (RegionId, UpdatedAt);

CREATE TABLE ApiKeys (
    Id TEXT NOT NULL PRIMARY KEY,
    KeyHash TEXT NOT NULL UNIQUE,
    Role TEXT NOT NULL CHECK (Role IN ('admin', 'coordinator', 'member', 'reader')),
    RegionId TEXT NULL REFERENCES Regions (Id),
    Ags TEXT NULL,
    Label TEXT NOT NULL,
    CreatedAt TEXT NOT NULL,
    RevokedAt TEXT NULL
);

CREATE TABLE Changes (
    Seq INTEGER PRIMARY KEY AUTOINCREMENT,
    Id TEXT NOT NULL UNIQUE,
    RegionId TEXT NULL REFERENCES Regions (Id),
    EntityType TEXT NOT NULL,
    EntityId TEXT NOT NULL,
    Kind TEXT NOT NULL,
    Actor TEXT NOT NULL,
    OccurredAt TEXT NOT NULL,
    Details TEXT NULL
);

CREATE INDEX IX_Changes_Region_Seq ON Changes (RegionId, Seq);
CREATE INDEX IX_Changes_Entity ON Changes (EntityType, EntityId, Seq);

CREATE TABLE IdempotencyKeys (
    Scope TEXT NOT NULL,
    IdempotencyKey TEXT NOT NULL,
    RequestHash TEXT NOT NULL,
    StatusCode INTEGER NULL,
    ContentType TEXT NULL,
    Location TEXT NULL,
    ETag TEXT NULL,
    ResponseBody TEXT NULL,
    CreatedAt TEXT NOT NULL,
    PRIMARY KEY (Scope, IdempotencyKey)
);

CREATE INDEX IX_IdempotencyKeys_CreatedAt ON IdempotencyKeys (CreatedAt);
