using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.PersonalData;

/// <summary>Reads the record of one erasure of personal data (admin, or the region's coordinator).</summary>
public sealed class GetPersonalDataErasureRequest
{
    public const string Route = "/api/v1/regions/{slug}/personal-data/erasures/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{ErasePersonalDataRequest.BuildRoute(slug)}/{id:D}";
}

public sealed class GetPersonalDataErasureEndpoint(SmartRegionDb db) : Endpoint<GetPersonalDataErasureRequest, PersonalDataErasureResponse>
{
    public override void Configure()
    {
        Get(GetPersonalDataErasureRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("getPersonalDataErasure").WithSummary("Read the record of an erasure of personal data").WithTags("Personal data")
                .Returns<PersonalDataErasureResponse>()
                .HonoursIfNoneMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetPersonalDataErasureRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var row = await session.QuerySingleOrDefaultAsync<PersonalDataErasureRow>(Sql.Get, new { RegionId = region.Id, request.Id })
            ?? throw ApiProblemException.NotFound($"There is no erasure {request.Id:D} in region '{region.Slug}'.");
        var response = PersonalDataErasureResponse.From(row);
        HttpContext.Response.Headers.ETag = response.ETag();
        if (Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Get = SqlStatement.Shared(
            $"SELECT {PersonalDataErasure.Sql.Columns} FROM PersonalDataErasures WHERE RegionId = @RegionId AND Id = @Id");
    }
}

/// <summary>Lists a region's erasures of personal data, oldest first (admin, or the region's coordinator).</summary>
public sealed class ListPersonalDataErasuresRequest : PageQuery
{
    public const string Route = ErasePersonalDataRequest.Route;

    public string Slug { get; set; } = string.Empty;

    public static string BuildRoute(string slug) => ErasePersonalDataRequest.BuildRoute(slug);
}

public sealed class ListPersonalDataErasuresValidator : Validator<ListPersonalDataErasuresRequest>
{
    public ListPersonalDataErasuresValidator() => Include(new PageQueryRules());
}

public sealed class ListPersonalDataErasuresEndpoint(SmartRegionDb db) : Endpoint<ListPersonalDataErasuresRequest, Page<PersonalDataErasureResponse>>
{
    public override void Configure()
    {
        Get(ListPersonalDataErasuresRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("listPersonalDataErasures").WithSummary("List a region's erasures of personal data, oldest first").WithTags("Personal data")
                .ReturnsPage<PersonalDataErasureResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListPersonalDataErasuresRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<ErasedCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var rows = await session.QueryAsync<PersonalDataErasureRow>(Sql.Page, new
        {
            RegionId = region.Id,
            AfterErasedAt = after?.ErasedAt,
            AfterId = after?.Id,
            Take = request.PageSize + 1,
        });
        await Send.OkAsync(Cursors.ToPage(HttpContext, rows, request.PageSize, row => new ErasedCursor(row.ErasedAt, row.Id), PersonalDataErasureResponse.From), ct);
    }

    private sealed record ErasedCursor(DateTimeOffset ErasedAt, Guid Id);

    internal static class Sql
    {
        private const string Filter = """
            FROM PersonalDataErasures
            WHERE RegionId = @RegionId
              AND (@AfterErasedAt IS NULL OR ErasedAt > @AfterErasedAt OR (ErasedAt = @AfterErasedAt AND Id > @AfterId))
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"SELECT {PersonalDataErasure.Sql.Columns} {Filter} ORDER BY ErasedAt, Id LIMIT @Take",
            sqlServer: $"SELECT TOP (@Take) {PersonalDataErasure.Sql.Columns} {Filter} ORDER BY ErasedAt, Id");
    }
}
