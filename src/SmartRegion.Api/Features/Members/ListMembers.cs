using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Members;

/// <summary>Lists a region's members, ordered by AGS (every role of the region; the public without contacts).</summary>
public sealed class ListMembersRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/members";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Only members of this kind.</summary>
    [QueryParam]
    public MemberKind? Kind { get; set; }

    /// <summary>Only active (true) or only deactivated (false) members.</summary>
    [QueryParam]
    public bool? Active { get; set; }

    /// <summary>Only members changed at or after this instant (ISO 8601).</summary>
    [QueryParam]
    public DateTimeOffset? ModifiedSince { get; set; }

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/members";
}

public sealed class ListMembersValidator : Validator<ListMembersRequest>
{
    public ListMembersValidator() => Include(new PageQueryRules());
}

public sealed class ListMembersEndpoint(SmartRegionDb db) : Endpoint<ListMembersRequest, Page<MemberResponse>>
{
    public override void Configure()
    {
        Get(ListMembersRequest.Route);
        Description(
            b => b.WithName("listMembers").WithSummary("List a region's members").WithTags("Members")
                .ReturnsPage<MemberResponse>()
                .AllowsPublicReadPage<PublicMemberResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListMembersRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<AgsCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var caller = Caller.From(User);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        var rows = await session.QueryAsync<MemberRow>(Sql.Page, new
        {
            RegionId = region.Id,
            Kind = request.Kind is { } kind ? MemberKinds.ToText(kind) : null,
            IsActive = request.Active,
            request.ModifiedSince,
            AfterAgs = after?.Ags,
            Take = request.PageSize + 1,
        });
        if (caller.IsPublic)
        {
            await Send.ResultAsync(TypedResults.Ok(Cursors.ToPage(HttpContext, rows, request.PageSize, row => new AgsCursor(row.Ags), PublicMemberResponse.From)));
            return;
        }

        await Send.OkAsync(Cursors.ToPage(HttpContext, rows, request.PageSize, row => new AgsCursor(row.Ags), MemberResponse.From), ct);
    }

    private sealed record AgsCursor(string Ags);

    internal static class Sql
    {
        private const string Filter = """
            WHERE RegionId = @RegionId
              AND (@Kind IS NULL OR Kind = @Kind)
              AND (@IsActive IS NULL OR IsActive = @IsActive)
              AND (@ModifiedSince IS NULL OR UpdatedAt >= @ModifiedSince)
              AND (@AfterAgs IS NULL OR Ags > @AfterAgs)
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT {MembersSql.Columns}
                FROM Members
                {Filter}
                ORDER BY Ags
                LIMIT @Take
                """,
            sqlServer: $"""
                SELECT TOP (@Take) {MembersSql.Columns}
                FROM Members
                {Filter}
                ORDER BY Ags
                """);
    }
}
