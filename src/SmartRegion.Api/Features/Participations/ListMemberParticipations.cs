using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Participations;

/// <summary>
/// Lists a member's participations across its region's projects, ordered by project code (every role of the
/// region; a deactivated member's participations stay readable). All filters combine.
/// </summary>
public sealed class ListMemberParticipationsRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/members/{ags}/participations";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The member's AGS.</summary>
    public string Ags { get; set; } = string.Empty;

    /// <summary>Only participations in this state.</summary>
    [QueryParam]
    public ParticipationState? State { get; set; }

    /// <summary>Only participations with this role.</summary>
    [QueryParam]
    public ParticipationRole? Role { get; set; }

    /// <summary>Only participations changed at or after this instant (ISO 8601).</summary>
    [QueryParam]
    public DateTimeOffset? ModifiedSince { get; set; }

    public static string BuildRoute(string slug, string ags) => $"{GetMemberRequest.BuildRoute(slug, ags)}/participations";
}

public sealed class ListMemberParticipationsValidator : Validator<ListMemberParticipationsRequest>
{
    public ListMemberParticipationsValidator() => Include(new PageQueryRules());
}

public sealed class ListMemberParticipationsEndpoint(SmartRegionDb db) : Endpoint<ListMemberParticipationsRequest, Page<ParticipationResponse>>
{
    public override void Configure()
    {
        Get(ListMemberParticipationsRequest.Route);
        Description(
            b => b.WithName("listMemberParticipations").WithSummary("List a member's participations, ordered by project code").WithTags("Participations")
                .ReturnsPage<ParticipationResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListMemberParticipationsRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<CodeCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var (region, member) = await MemberAccess.RequireAsync(session, request.Slug, request.Ags, Caller.From(User));
        var rows = await session.QueryAsync<MemberParticipationRow>(Sql.Page, new
        {
            RegionId = region.Id,
            member.Ags,
            State = request.State is { } state ? EnumText.ToText(state) : null,
            Role = request.Role is { } role ? EnumText.ToText(role) : null,
            request.ModifiedSince,
            // Codes are never empty: the first page starts after '' (a plain range, no switched-off condition).
            AfterCode = after?.Code ?? string.Empty,
            Take = request.PageSize + 1,
        });
        await Send.OkAsync(
            Cursors.ToPage(HttpContext, rows, request.PageSize, row => new CodeCursor(row.Code), row => ParticipationResponse.From(row.Participation)),
            ct);
    }

    private sealed record CodeCursor(string Code);

    /// <summary>A participation with its project's code, the sort key (unique in the region).</summary>
    private sealed record MemberParticipationRow
    {
        public string Code { get; init; } = string.Empty;

        public Guid Id { get; init; }

        public Guid RegionId { get; init; }

        public Guid ProjectId { get; init; }

        public string Ags { get; init; } = string.Empty;

        public string Role { get; init; } = string.Empty;

        public string State { get; init; } = string.Empty;

        public string? ContactName { get; init; }

        public string? ContactEmail { get; init; }

        public decimal? StaffFte { get; init; }

        public decimal? CustomPercent { get; init; }

        public string? Note { get; init; }

        public string? ResolutionBody { get; init; }

        public DateOnly? ResolutionDate { get; init; }

        public string? ResolutionReference { get; init; }

        public string? ResolutionUrl { get; init; }

        public int Version { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        public DateTimeOffset UpdatedAt { get; init; }

        public ParticipationRow Participation => new()
        {
            Id = Id,
            RegionId = RegionId,
            ProjectId = ProjectId,
            Ags = Ags,
            Role = Role,
            State = State,
            ContactName = ContactName,
            ContactEmail = ContactEmail,
            StaffFte = StaffFte,
            CustomPercent = CustomPercent,
            Note = Note,
            ResolutionBody = ResolutionBody,
            ResolutionDate = ResolutionDate,
            ResolutionReference = ResolutionReference,
            ResolutionUrl = ResolutionUrl,
            Version = Version,
            CreatedAt = CreatedAt,
            UpdatedAt = UpdatedAt,
        };
    }

    internal static class Sql
    {
        private const string Columns = """
            p.Code, pa.Id, pa.RegionId, pa.ProjectId, pa.Ags, pa.Role, pa.State, pa.ContactName, pa.ContactEmail, pa.StaffFte,
            pa.CustomPercent, pa.Note, pa.ResolutionBody, pa.ResolutionDate, pa.ResolutionReference, pa.ResolutionUrl,
            pa.Version, pa.CreatedAt, pa.UpdatedAt
            """;

        // Seeks IX_Participations_Region_Ags; the join to Projects supplies the code that orders the page.
        private const string Filter = """
            FROM Participations pa
            JOIN Projects p ON p.Id = pa.ProjectId
            WHERE pa.RegionId = @RegionId AND pa.Ags = @Ags
              AND (@State IS NULL OR pa.State = @State)
              AND (@Role IS NULL OR pa.Role = @Role)
              AND (@ModifiedSince IS NULL OR pa.UpdatedAt >= @ModifiedSince)
              AND p.Code > @AfterCode
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT {Columns}
                {Filter}
                ORDER BY p.Code
                LIMIT @Take
                """,
            sqlServer: $"""
                SELECT TOP (@Take) {Columns}
                {Filter}
                ORDER BY p.Code
                """);
    }
}
