-- Webhooks (Standard Webhooks): a region's subscriptions, the events written in the transaction of the change they
-- describe (the outbox), and one delivery per event and subscription that the dispatcher claims, sends and retries.
-- Several instances claim with UPDLOCK, READPAST: each skips the rows another has locked, and the lease
-- (LeaseOwner, LeaseUntil) it writes keeps the delivery its own until the attempt is recorded or the lease runs out.
-- The secrets sign every request, so they are stored as they are (HMAC needs the key itself, not a hash).
-- EventTypes is a comma-framed list (',project.created,decision.recorded,') matched with LIKE.
CREATE TABLE dbo.WebhookSubscriptions (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_WebhookSubscriptions PRIMARY KEY,
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_WebhookSubscriptions_Regions REFERENCES dbo.Regions (Id),
    OwnerAgs nvarchar(8) NULL,
    Url nvarchar(2000) NOT NULL,
    EventTypes nvarchar(400) NOT NULL,
    Description nvarchar(500) NULL,
    Enabled bit NOT NULL,
    DisabledReason nvarchar(1000) NULL,
    DisabledAt datetimeoffset(6) NULL,
    Secret nvarchar(100) NOT NULL,
    PreviousSecret nvarchar(100) NULL,
    PreviousSecretExpiresAt datetimeoffset(6) NULL,
    FailingSince datetimeoffset(6) NULL,
    Version int NOT NULL,
    CreatedBy nvarchar(200) NOT NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    UpdatedAt datetimeoffset(6) NOT NULL
);
GO

CREATE INDEX IX_WebhookSubscriptions_Region ON dbo.WebhookSubscriptions (RegionId, CreatedAt, Id);
GO

CREATE TABLE dbo.WebhookEvents (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_WebhookEvents PRIMARY KEY,
    RegionId uniqueidentifier NOT NULL CONSTRAINT FK_WebhookEvents_Regions REFERENCES dbo.Regions (Id),
    EventType nvarchar(50) NOT NULL,
    EntityType nvarchar(50) NOT NULL,
    EntityId nvarchar(100) NOT NULL,
    Kind nvarchar(50) NOT NULL,
    Version int NULL,
    Actor nvarchar(200) NOT NULL,
    OccurredAt datetimeoffset(6) NOT NULL,
    Details nvarchar(max) NULL
);
GO

CREATE TABLE dbo.WebhookDeliveries (
    Id uniqueidentifier NOT NULL CONSTRAINT PK_WebhookDeliveries PRIMARY KEY,
    SubscriptionId uniqueidentifier NOT NULL
        CONSTRAINT FK_WebhookDeliveries_Subscriptions REFERENCES dbo.WebhookSubscriptions (Id) ON DELETE CASCADE,
    EventId uniqueidentifier NOT NULL CONSTRAINT FK_WebhookDeliveries_Events REFERENCES dbo.WebhookEvents (Id),
    State nvarchar(10) NOT NULL CONSTRAINT CK_WebhookDeliveries_State CHECK (State IN (N'pending', N'succeeded', N'failed')),
    Attempts int NOT NULL,
    NextAttemptAt datetimeoffset(6) NULL,
    LeaseOwner uniqueidentifier NULL,
    LeaseUntil datetimeoffset(6) NULL,
    LastStatusCode int NULL,
    LastResponseMs int NULL,
    LastError nvarchar(1000) NULL,
    CreatedAt datetimeoffset(6) NOT NULL,
    CompletedAt datetimeoffset(6) NULL
);
GO

CREATE INDEX IX_WebhookDeliveries_Due ON dbo.WebhookDeliveries (State, NextAttemptAt);
GO

CREATE INDEX IX_WebhookDeliveries_Subscription ON dbo.WebhookDeliveries (SubscriptionId, CreatedAt, Id);
GO

CREATE INDEX IX_WebhookDeliveries_Lease ON dbo.WebhookDeliveries (LeaseOwner);
GO

CREATE INDEX IX_WebhookDeliveries_Event ON dbo.WebhookDeliveries (EventId);
GO
