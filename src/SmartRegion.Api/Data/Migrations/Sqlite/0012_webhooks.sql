-- Webhooks (Standard Webhooks): a region's subscriptions, the events written in the transaction of the change they
-- describe (the outbox), and one delivery per event and subscription that the dispatcher claims, sends and retries.
-- SQLite has one writer at a time, so a claim (an UPDATE in a write transaction) is exclusive by itself; LeaseUntil
-- lets another instance take over a delivery whose claimant died mid-attempt.
-- The secrets sign every request, so they are stored as they are (HMAC needs the key itself, not a hash).
-- EventTypes is a comma-framed list (',project.created,decision.recorded,') matched with LIKE.
CREATE TABLE WebhookSubscriptions (
    Id TEXT NOT NULL PRIMARY KEY,
    RegionId TEXT NOT NULL REFERENCES Regions (Id),
    OwnerAgs TEXT NULL,
    Url TEXT NOT NULL,
    EventTypes TEXT NOT NULL,
    Description TEXT NULL,
    Enabled INTEGER NOT NULL CHECK (Enabled IN (0, 1)),
    DisabledReason TEXT NULL,
    DisabledAt TEXT NULL,
    Secret TEXT NOT NULL,
    PreviousSecret TEXT NULL,
    PreviousSecretExpiresAt TEXT NULL,
    FailingSince TEXT NULL,
    Version INTEGER NOT NULL,
    CreatedBy TEXT NOT NULL,
    CreatedAt TEXT NOT NULL,
    UpdatedAt TEXT NOT NULL
);

CREATE INDEX IX_WebhookSubscriptions_Region ON WebhookSubscriptions (RegionId, CreatedAt, Id);

CREATE TABLE WebhookEvents (
    Id TEXT NOT NULL PRIMARY KEY,
    RegionId TEXT NOT NULL REFERENCES Regions (Id),
    EventType TEXT NOT NULL,
    EntityType TEXT NOT NULL,
    EntityId TEXT NOT NULL,
    Kind TEXT NOT NULL,
    Version INTEGER NULL,
    Actor TEXT NOT NULL,
    OccurredAt TEXT NOT NULL,
    Details TEXT NULL
);

CREATE TABLE WebhookDeliveries (
    Id TEXT NOT NULL PRIMARY KEY,
    SubscriptionId TEXT NOT NULL REFERENCES WebhookSubscriptions (Id) ON DELETE CASCADE,
    EventId TEXT NOT NULL REFERENCES WebhookEvents (Id),
    State TEXT NOT NULL CHECK (State IN ('pending', 'succeeded', 'failed')),
    Attempts INTEGER NOT NULL,
    NextAttemptAt TEXT NULL,
    LeaseOwner TEXT NULL,
    LeaseUntil TEXT NULL,
    LastStatusCode INTEGER NULL,
    LastResponseMs INTEGER NULL,
    LastError TEXT NULL,
    CreatedAt TEXT NOT NULL,
    CompletedAt TEXT NULL
);

CREATE INDEX IX_WebhookDeliveries_Due ON WebhookDeliveries (State, NextAttemptAt);
CREATE INDEX IX_WebhookDeliveries_Subscription ON WebhookDeliveries (SubscriptionId, CreatedAt, Id);
CREATE INDEX IX_WebhookDeliveries_Lease ON WebhookDeliveries (LeaseOwner);
CREATE INDEX IX_WebhookDeliveries_Event ON WebhookDeliveries (EventId);
