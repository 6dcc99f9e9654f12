using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Circulations;
using SmartRegion.Api.Features.Committee;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Features.Strategy;
using SmartRegion.Api.Features.Themes;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Changes;

/// <summary>
/// The region's change feed, oldest first (every role of the region): each change of a region, member, field of
/// action, theme, project, participation, committee, meeting, decision or circulation, with the resource's version
/// after it and its URL; a deleted resource appears as a tombstone (<c>action: deleted</c>). A follower stores the
/// <c>cursor</c> of the last entry it processed and asks again with <c>after=</c> that cursor: it never misses and never
/// sees an entry twice, also while other clients write and their transactions commit out of order (an entry appears
/// only once no transaction that started before it can still commit). <c>nextCursor</c> and <c>Link</c> are present
/// while more entries are ready; an empty page means the follower is up to date for now.
/// </summary>
public sealed class ListChangesRequest
{
    public const string Route = "/api/v1/regions/{slug}/changes";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The <c>cursor</c> of the last entry already processed (or a <c>nextCursor</c>); omit it to start at the beginning.</summary>
    [QueryParam]
    public string? After { get; set; }

    /// <summary>Entries per page, 1–200 (default 50).</summary>
    [QueryParam]
    public int? Limit { get; set; }

    public int PageSize => Limit ?? PageQuery.DefaultLimit;

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/changes";
}

public sealed class ListChangesValidator : Validator<ListChangesRequest>
{
    public ListChangesValidator()
    {
        RuleFor(r => r.Limit).InclusiveBetween(1, PageQuery.MaxLimit);
        RuleFor(r => r.After).MaximumLength(500);
    }
}

/// <summary>What a change did to its resource, in four words a follower can act on; <c>kind</c> tells the detail.</summary>
public enum ChangeAction
{
    Created,
    Updated,
    Transitioned,
    Deleted,
}

/// <summary>One entry of the change feed.</summary>
/// <param name="Cursor">Where this entry stands in the feed: pass it as <c>after</c> to read the entries that follow it.</param>
/// <param name="Id" example="0195f3a0-7c1e-7000-8000-00000000c001">The entry's own id.</param>
/// <param name="EntityType" example="project">region, member, field_of_action, field_of_action_order, theme, project, participation, committee, meeting, decision, circulation, strategy_version, strategy_comment or strategy_measurement.</param>
/// <param name="EntityId" example="0195f3a0-7c1e-7000-8000-000000000001">The resource's id as its URL names it: a UUID, an AGS, a slug, <c>projectId/ags</c> for a participation, or <c>indicatorId/measurementId</c> for a strategy measurement.</param>
/// <param name="Action" example="transitioned">What happened; <c>deleted</c> marks a tombstone.</param>
/// <param name="Kind" example="transition">The detailed kind of change as the resource's history names it (e.g. <c>funding_changed</c>, <c>agenda-item-added</c>).</param>
/// <param name="Version" example="3">The resource's version after the change; null for a deletion and for changes recorded without one.</param>
/// <param name="Actor" example="apikey:0195f3a0-7c1e-7000-8000-0000000000aa">Who made the change.</param>
/// <param name="OccurredAt" example="2025-03-28T09:30:00Z">When the change was made (UTC).</param>
/// <param name="Url" example="/api/v1/regions/kreis-warendorf/projects/0195f3a0-7c1e-7000-8000-000000000001">The resource's URL (for a tombstone: where it was).</param>
/// <param name="Deleted" example="false">True for a tombstone: the resource no longer exists.</param>
public sealed record ChangeResponse(
    string Cursor, Guid Id, string EntityType, string EntityId, ChangeAction Action, string Kind, int? Version, string Actor,
    DateTimeOffset OccurredAt, string? Url, bool Deleted);

public sealed class ListChangesEndpoint(SmartRegionDb db, ReadCache readCache) : Endpoint<ListChangesRequest, Page<ChangeResponse>>
{
    public override void Configure()
    {
        Get(ListChangesRequest.Route);
        Description(
            b => b.WithName("listChanges").WithSummary("Follow a region's changes with a cursor, oldest first").WithTags("Changes")
                .ReturnsPage<ChangeResponse>(cursorParameter: "after"),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListChangesRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<FeedCursor>(request.After);
        // Followers poll the same page until something changes: one state of the database gives one page.
        var reads = readCache.Current();
        var region = await RegionAccess.RequireVisibleAsync(db, reads, request.Slug, Caller.From(User), ct, fromPrimary: true);
        var answer = await reads.AnswerAsync(JsonAnswer.CacheKey(HttpContext), () => LoadAsync(region, after?.Position ?? 0L, request.PageSize, ct));
        await answer.SendAsync(HttpContext, ct);
    }

    private async Task<JsonAnswer> LoadAsync(RegionRow region, long afterPosition, int pageSize, CancellationToken ct)
    {
        // The primary, also for this GET: a readable secondary replays the primary's log, and its
        // MIN_ACTIVE_ROWVERSION() says nothing about the transactions still open on the primary.
        await using var session = await db.OpenPrimaryAsync(ct);
        var rows = (await session.QueryAsync<ChangeRow>(Sql.Page, new
        {
            RegionId = region.Id,
            AfterFeedPosition = afterPosition,
            Take = pageSize + 1,
        })).ToList();

        string? next = null;
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(pageSize);
            next = Cursors.Encode(new FeedCursor(rows[^1].Position));
            HttpContext.Response.Headers.Append(
                "Link", $"<{ListChangesRequest.BuildRoute(region.Slug)}?after={Uri.EscapeDataString(next)}&limit={pageSize}>; rel=\"next\"");
        }

        return JsonAnswer.Of(new Page<ChangeResponse>(rows.Select(row => ToResponse(region.Slug, row)).ToList(), next), HttpContext);
    }

    internal static ChangeResponse ToResponse(string slug, ChangeRow row)
    {
        var action = ActionOf(row.Kind);
        return new ChangeResponse(
            Cursors.Encode(new FeedCursor(row.Position)), row.Id, row.EntityType, row.EntityId, action, row.Kind,
            action == ChangeAction.Deleted ? null : row.Version, row.Actor, row.OccurredAt, UrlOf(slug, row.EntityType, row.EntityId),
            action == ChangeAction.Deleted);
    }

    /// <summary>The histories name their changes in detail; a follower needs to know whether to fetch, or to forget.</summary>
    internal static ChangeAction ActionOf(string kind) => kind switch
    {
        "created" or "opened" or "recorded" => ChangeAction.Created,
        "deleted" => ChangeAction.Deleted,
        "transition" or "transitioned" or "category_changed" or "deactivated" or "reactivated" or "cancelled" or "closed"
            or "consultation_started" or "approved" or "superseded" => ChangeAction.Transitioned,
        _ => ChangeAction.Updated,
    };

    internal static string? UrlOf(string slug, string entityType, string entityId) => entityType switch
    {
        "region" => GetRegionRequest.BuildRoute(slug),
        "member" => GetMemberRequest.BuildRoute(slug, entityId),
        FieldsOfActionChanges.EntityType when Guid.TryParse(entityId, out var id) => GetFieldOfActionRequest.BuildRoute(slug, id),
        FieldsOfActionChanges.OrderEntityType => ListFieldsOfActionRequest.BuildRoute(slug),
        ThemesChanges.EntityType when Guid.TryParse(entityId, out var id) => GetThemeRequest.BuildRoute(slug, id),
        ProjectRules.EntityType when Guid.TryParse(entityId, out var id) => GetProjectRequest.BuildRoute(slug, id),
        ParticipationHistoryLog.EntityType when entityId.Split('/') is [var project, var ags] && Guid.TryParse(project, out var id) =>
            GetParticipationRequest.BuildRoute(slug, id, ags),
        CommitteeSql.EntityType => GetCommitteeRequest.BuildRoute(slug),
        MeetingRules.EntityType when Guid.TryParse(entityId, out var id) => GetMeetingRequest.BuildRoute(slug, id),
        DecisionRecorder.EntityType when Guid.TryParse(entityId, out var id) => GetDecisionRequest.BuildRoute(slug, id),
        CirculationClosing.EntityType when Guid.TryParse(entityId, out var id) => GetCirculationRequest.BuildRoute(slug, id),
        StrategySql.EntityType when Guid.TryParse(entityId, out var id) => GetStrategyVersionRequest.BuildRoute(slug, id),
        StrategySql.CommentEntityType when Guid.TryParse(entityId, out var id) => GetStrategyCommentRequest.BuildRoute(slug, id),
        StrategySql.MeasurementEntityType when entityId.Split('/') is [var indicator, _] && Guid.TryParse(indicator, out var id) =>
            ListMeasurementsRequest.BuildRoute(slug, id),
        _ => null,
    };

    private sealed record FeedCursor(long Position);

    internal sealed class ChangeRow
    {
        public long Position { get; init; }

        public Guid Id { get; init; }

        public string EntityType { get; init; } = string.Empty;

        public string EntityId { get; init; } = string.Empty;

        public string Kind { get; init; } = string.Empty;

        public string Actor { get; init; } = string.Empty;

        public DateTimeOffset OccurredAt { get; init; }

        public int? Version { get; init; }
    }

    internal static class Sql
    {
        // Credentials are the operator's business, not the region's, and a webhook subscription is its owner's (a member
        // sees only its own): their changes stay out of the feed.
        private const string Columns = "Id, EntityType, EntityId, Kind, Actor, OccurredAt, Version";

        /// <summary>
        /// One page of the feed (and one more entry, to know whether more are ready). SQL Server: rowversion values are
        /// taken at insert, so a transaction that inserted a lower one may still be open; MIN_ACTIVE_ROWVERSION() is the
        /// lowest value such a transaction can hold, and serving only entries below it serves only committed ones, in
        /// an order that no later commit can insert into. The bound is taken in its own statement before the SELECT
        /// starts, so under read-committed snapshot too the SELECT sees every entry below it. SQLite: one writer at a
        /// time, positions are handed out in commit order. READPAST: the only rows a writer has locked are its own
        /// uncommitted inserts, all at or above the bound, so skipping them loses nothing and a follower never waits
        /// for a writer (without it the range scan can stop on the first uncommitted row and wait for its commit).
        /// </summary>
        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT FeedPosition AS Position, {Columns}
                FROM Changes
                WHERE RegionId = @RegionId AND FeedPosition > @AfterFeedPosition AND EntityType NOT IN ('api_key', 'webhook_subscription')
                ORDER BY FeedPosition
                LIMIT @Take
                """,
            sqlServer: $"""
                DECLARE @Bound binary(8) = MIN_ACTIVE_ROWVERSION();
                SELECT TOP (@Take) CAST(FeedPosition AS bigint) AS Position, {Columns}
                FROM Changes WITH (READPAST)
                WHERE RegionId = @RegionId AND FeedPosition > CAST(@AfterFeedPosition AS binary(8)) AND FeedPosition < @Bound
                  AND EntityType NOT IN (N'api_key', N'webhook_subscription')
                ORDER BY FeedPosition;
                """);
    }
}
