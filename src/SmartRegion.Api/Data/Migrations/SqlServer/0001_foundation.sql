-- Foundation: regions, members, fields of action, credentials, change records and idempotency keys.
-- Every text column is nvarchar: Dapper sends strings as nvarchar, and matching types keep index seeks.
CREATE TABLE dbo.Regions (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_Regions PRIMARY KEY,
    Slug nvarchar(64) NOT NULL CONSTRAINT UQ_Regions_Slug UNIQUE,
    Name nvarchar(200) NOT NULL,
    KreisKey nvarchar(5) NOT NULL,
    Vision nvarchar(4000) NULL,
    Version int NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL
);
GO

CREATE TABLE dbo.Members (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_Members PRIMARY KEY,
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_Members_Regions REFERENCES dbo.Regions (Id),
    Ags nvarchar(8) NOT NULL,
    Kind nvarchar(20) NOT NULL CONSTRAINT CK_Members_Kind CHECK (Kind IN (N'district', N'municipality')),
    Name nvarchar(200) NOT NULL,
    Population int NULL CONSTRAINT CK_Members_Population CHECK (Population >= 0),
    ContactName nvarchar(200) NULL,
    ContactEmail nvarchar(254) NULL,
    ContactPhone nvarchar(50) NULL,
    IsActive bit NOT NULL,
    DeactivatedAt datetimeoffset(6) NULL,
    Version int NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL,
    CONSTRAINT UQ_Members_Region_Ags UNIQUE (RegionId, Ags)
);
GO

-- Exactly one district per region: a second one is refused here even when two requests race.
CREATE UNIQUE INDEX UX_Members_OneDistrict ON dbo.Members (RegionId) WHERE Kind = N'district';
GO

CREATE INDEX IX_Members_Region_UpdatedAt ON dbo.Members (RegionId, UpdatedAt);
GO

CREATE TABLE dbo.FieldsOfAction (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_FieldsOfAction PRIMARY KEY,
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_FieldsOfAction_Regions REFERENCES dbo.Regions (Id),
    Name nvarchar(200) NOT NULL,
    -- Case-folded name, computed by the service, so uniqueness means the same on every engine and collation.
    NameKey nvarchar(200) NOT NULL,
    Description nvarchar(4000) NULL,
    Position int NOT NULL,
    Version int NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL,
    CONSTRAINT UQ_FieldsOfAction_Region_NameKey UNIQUE (RegionId, NameKey)
);
GO

CREATE INDEX IX_FieldsOfAction_Region_Position ON dbo.FieldsOfAction (RegionId, Position, Id);
GO

CREATE INDEX IX_FieldsOfAction_Region_UpdatedAt ON dbo.FieldsOfAction (RegionId, UpdatedAt);
GO

CREATE TABLE dbo.ApiKeys (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_ApiKeys PRIMARY KEY,
    KeyHash nvarchar(64) NOT NULL CONSTRAINT UQ_ApiKeys_KeyHash UNIQUE,
    Role nvarchar(20) NOT NULL CONSTRAINT CK_ApiKeys_Role CHECK (Role IN (N'admin', N'coordinator', N'member', N'reader')),
    RegionId uniqueidentifier NULL CONSTRAINT FK_ApiKeys_Regions REFERENCES dbo.Regions (Id),
    Ags nvarchar(8) NULL,
    Label nvarchar(200) NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    RevokedAt datetimeoffset(6) NULL
);
GO

CREATE TABLE dbo.Changes (
    Seq bigint IDENTITY(1, 1) NOT NULL CONSTRAINT PK_Changes PRIMARY KEY,
    Id uniqueidentifier NOT NULL CONSTRAINT UQ_Changes_Id UNIQUE,
    RegionId uniqueidentifier NULL CONSTRAINT FK_Changes_Regions REFERENCES dbo.Regions (Id),
    EntityType nvarchar(50) NOT NULL,
    EntityId nvarchar(100) NOT NULL,
    Kind nvarchar(50) NOT NULL,
    Actor nvarchar(200) NOT NULL,
    OccurredAt datetimeoffset(6) NOT NULL,
    Details nvarchar(max) NULL
);
GO

CREATE INDEX IX_Changes_Region_Seq ON dbo.Changes (RegionId, Seq);
GO

CREATE INDEX IX_Changes_Entity ON dbo.Changes (EntityType, EntityId, Seq);
GO

CREATE TABLE dbo.IdempotencyKeys (
    Scope nvarchar(100) NOT NULL,
    IdempotencyKey nvarchar(200) NOT NULL,
    RequestHash nvarchar(64) NOT NULL,
    StatusCode int NULL,
    ContentType nvarchar(100) NULL,
    Location nvarchar(400) NULL,
    ETag nvarchar(100) NULL,
    ResponseBody nvarchar(max) NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    CONSTRAINT PK_IdempotencyKeys PRIMARY KEY (Scope, IdempotencyKey)
);
GO

CREATE INDEX IX_IdempotencyKeys_CreatedAt ON dbo.IdempotencyKeys (CreatedAt);
GO
