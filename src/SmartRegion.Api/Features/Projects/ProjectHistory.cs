using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>Lists a project's history, oldest first: its creation, edits, transitions and funding changes (every role of the region).</summary>
public sealed class ListProjectHistoryRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}/history";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{GetProjectRequest.BuildRoute(slug, id)}/history";
}

public sealed class ListProjectHistoryValidator : Validator<ListProjectHistoryRequest>
{
    public ListProjectHistoryValidator() => Include(new PageQueryRules());
}

/// <summary>One thing that happened to a project.</summary>
/// <param name="Kind"><c>created</c>, <c>updated</c>, <c>transition</c>, <c>category_changed</c> or <c>funding_changed</c>.</param>
/// <param name="FromStatus">The status before a transition (and the status during other changes, where recorded).</param>
/// <param name="ToStatus">The status after a transition, or the status a project was created in.</param>
/// <param name="ChangedFields">The JSON names of the fields an edit changed; empty when none are recorded.</param>
/// <param name="Reason">Why, as the caller stated it.</param>
/// <param name="DecisionId">The Lenkungskreis decision that made the change, if one did.</param>
/// <param name="Actor">Who made the change, e.g. <c>apikey:&lt;id&gt;</c>.</param>
/// <param name="OccurredAt">When the change was made (UTC).</param>
public sealed record ProjectHistoryEntryResponse(
    string Kind,
    ProjectStatus? FromStatus,
    ProjectStatus? ToStatus,
    IReadOnlyList<string> ChangedFields,
    string? Reason,
    Guid? DecisionId,
    string Actor,
    DateTimeOffset OccurredAt)
{
    internal static ProjectHistoryEntryResponse From(ProjectHistoryRow row) => new(
        row.Kind,
        row.FromStatus is null ? null : EnumText.Parse<ProjectStatus>(row.FromStatus),
        row.ToStatus is null ? null : EnumText.Parse<ProjectStatus>(row.ToStatus),
        string.IsNullOrEmpty(row.ChangedFields) ? [] : row.ChangedFields.Split(','),
        row.Reason,
        row.DecisionId,
        row.Actor,
        row.OccurredAt);
}

/// <summary>A row of <c>ProjectHistory</c>; <see cref="Seq"/> orders the entries and keys the cursor.</summary>
internal sealed record ProjectHistoryRow
{
    public long Seq { get; init; }

    public string Kind { get; init; } = string.Empty;

    public string? FromStatus { get; init; }

    public string? ToStatus { get; init; }

    public string? ChangedFields { get; init; }

    public string? Reason { get; init; }

    public Guid? DecisionId { get; init; }

    public string Actor { get; init; } = string.Empty;

    public DateTimeOffset OccurredAt { get; init; }
}

public sealed class ListProjectHistoryEndpoint(SmartRegionDb db) : Endpoint<ListProjectHistoryRequest, Page<ProjectHistoryEntryResponse>>
{
    public override void Configure()
    {
        Get(ListProjectHistoryRequest.Route);
        Description(
            b => b.WithName("listProjectHistory").WithSummary("List a project's history, oldest first").WithTags("Projects")
                .ReturnsPage<ProjectHistoryEntryResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListProjectHistoryRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<SeqCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var (_, project) = await ProjectAccess.RequireAsync(session, request.Slug, request.Id, Caller.From(User));
        // Keyset on Seq rather than OccurredAt: entries of one change share a timestamp, and Seq never repeats.
        var rows = await session.QueryAsync<ProjectHistoryRow>(Sql.Page, new
        {
            ProjectId = project.Project.Id,
            AfterSeq = after?.Seq,
            Take = request.PageSize + 1,
        });
        await Send.OkAsync(Cursors.ToPage(HttpContext, rows, request.PageSize, row => new SeqCursor(row.Seq), ProjectHistoryEntryResponse.From), ct);
    }

    private sealed record SeqCursor(long Seq);

    internal static class Sql
    {
        private const string Columns = "Seq, Kind, FromStatus, ToStatus, ChangedFields, Reason, DecisionId, Actor, OccurredAt";

        private const string Filter = """
            WHERE ProjectId = @ProjectId
              AND (@AfterSeq IS NULL OR Seq > @AfterSeq)
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT {Columns}
                FROM ProjectHistory
                {Filter}
                ORDER BY Seq
                LIMIT @Take
                """,
            sqlServer: $"""
                SELECT TOP (@Take) {Columns}
                FROM ProjectHistory
                {Filter}
                ORDER BY Seq
                """);
    }
}
