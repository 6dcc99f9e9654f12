using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Participations;

/// <summary>Lists a participation's history, oldest first: its creation, edits and state changes (every role of the region).</summary>
public sealed class ListParticipationHistoryRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/projects/{projectId}/participations/{ags}/history";

    public string Slug { get; set; } = string.Empty;

    public Guid ProjectId { get; set; }

    /// <summary>The member's AGS.</summary>
    public string Ags { get; set; } = string.Empty;

    public static string BuildRoute(string slug, Guid projectId, string ags) => $"{GetParticipationRequest.BuildRoute(slug, projectId, ags)}/history";
}

public sealed class ListParticipationHistoryValidator : Validator<ListParticipationHistoryRequest>
{
    public ListParticipationHistoryValidator() => Include(new PageQueryRules());
}

/// <summary>One thing that happened to a participation.</summary>
/// <param name="Kind"><c>created</c>, <c>updated</c> or <c>transition</c>.</param>
/// <param name="FromState">The state before a transition (and the state during an edit).</param>
/// <param name="ToState">The state after a transition, or the state a participation was created in.</param>
/// <param name="ChangedFields">The JSON names of the fields an edit changed; empty when none are recorded.</param>
/// <param name="Reason">Why, as the caller stated it.</param>
/// <param name="Actor">Who made the change, e.g. <c>apikey:&lt;id&gt;</c>.</param>
/// <param name="OccurredAt">When the change was made (UTC).</param>
public sealed record ParticipationHistoryEntryResponse(
    string Kind,
    ParticipationState? FromState,
    ParticipationState? ToState,
    IReadOnlyList<string> ChangedFields,
    string? Reason,
    string Actor,
    DateTimeOffset OccurredAt)
{
    internal static ParticipationHistoryEntryResponse From(ParticipationHistoryRow row) => new(
        row.Kind,
        row.FromState is null ? null : EnumText.Parse<ParticipationState>(row.FromState),
        row.ToState is null ? null : EnumText.Parse<ParticipationState>(row.ToState),
        string.IsNullOrEmpty(row.ChangedFields) ? [] : row.ChangedFields.Split(','),
        row.Reason,
        row.Actor,
        row.OccurredAt);
}

/// <summary>A row of <c>ParticipationHistory</c>; <see cref="Seq"/> orders the entries and keys the cursor.</summary>
internal sealed record ParticipationHistoryRow
{
    public long Seq { get; init; }

    public string Kind { get; init; } = string.Empty;

    public string? FromState { get; init; }

    public string? ToState { get; init; }

    public string? ChangedFields { get; init; }

    public string? Reason { get; init; }

    public string Actor { get; init; } = string.Empty;

    public DateTimeOffset OccurredAt { get; init; }
}

public sealed class ListParticipationHistoryEndpoint(SmartRegionDb db) : Endpoint<ListParticipationHistoryRequest, Page<ParticipationHistoryEntryResponse>>
{
    public override void Configure()
    {
        Get(ListParticipationHistoryRequest.Route);
        Description(
            b => b.WithName("listParticipationHistory").WithSummary("List a participation's history, oldest first").WithTags("Participations")
                .ReturnsPage<ParticipationHistoryEntryResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListParticipationHistoryRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<SeqCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var participation = await ParticipationAccess.RequireAsync(session, request.Slug, request.ProjectId, request.Ags, Caller.From(User));
        // Keyset on Seq rather than OccurredAt: entries of one change share a timestamp, and Seq never repeats.
        var rows = await session.QueryAsync<ParticipationHistoryRow>(Sql.Page, new
        {
            ParticipationId = participation.Id,
            AfterSeq = after?.Seq,
            Take = request.PageSize + 1,
        });
        await Send.OkAsync(Cursors.ToPage(HttpContext, rows, request.PageSize, row => new SeqCursor(row.Seq), ParticipationHistoryEntryResponse.From), ct);
    }

    private sealed record SeqCursor(long Seq);

    internal static class Sql
    {
        private const string Columns = "Seq, Kind, FromState, ToState, ChangedFields, Reason, Actor, OccurredAt";

        private const string Filter = """
            WHERE ParticipationId = @ParticipationId
              AND (@AfterSeq IS NULL OR Seq > @AfterSeq)
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT {Columns}
                FROM ParticipationHistory
                {Filter}
                ORDER BY Seq
                LIMIT @Take
                """,
            sqlServer: $"""
                SELECT TOP (@Take) {Columns}
                FROM ParticipationHistory
                {Filter}
                ORDER BY Seq
                """);
    }
}
