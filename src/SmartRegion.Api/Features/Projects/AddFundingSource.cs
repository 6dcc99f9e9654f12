using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>
/// Adds a funding source (Fördermittel) to a project (the region's coordinator, or a member for its own draft). It
/// is a change of the project: the project gets a new version and a history entry, so its old ETag no longer matches.
/// </summary>
public sealed record AddFundingSourceRequest : IFundingFields, IHasExample<AddFundingSourceRequest>
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}/funding";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The project's id.</summary>
    public Guid Id { get; set; }

    /// <summary>Name of the funding programme (Förderprogramm); at most 200 characters.</summary>
    public string Programme { get; set; } = string.Empty;

    /// <summary>Who grants the money (Fördermittelgeber), e.g. "Land Nordrhein-Westfalen"; at most 200 characters.</summary>
    public string FundingBody { get; set; } = string.Empty;

    /// <summary>EUR, not negative, at most 2 decimals.</summary>
    [Money]
    public decimal? Amount { get; set; }

    /// <summary>Where the application stands; only <c>granted</c> funding lowers the project's own cost.</summary>
    public FundingStatus? Status { get; set; }

    /// <summary>When the funding body decided, if it has.</summary>
    public DateOnly? DecisionDate { get; set; }

    /// <summary>The funding body's reference (Aktenzeichen, Förderbescheid); at most 100 characters.</summary>
    public string? Reference { get; set; }

    public static AddFundingSourceRequest Example => new()
    {
        Programme = "Digitalisierung kommunaler Leistungen",
        FundingBody = "Land Nordrhein-Westfalen",
        Amount = 120_000.00m,
        Status = FundingStatus.Applied,
        Reference = "Antrag vom 15.09.2025, Az. 34.2-0815/25",
    };

    public static string BuildRoute(string slug, Guid projectId) => $"{GetProjectRequest.BuildRoute(slug, projectId)}/funding";
}

public sealed class AddFundingSourceValidator : Validator<AddFundingSourceRequest>
{
    public AddFundingSourceValidator() => Include(new FundingFieldsRules());
}

public sealed class AddFundingSourceEndpoint(SmartRegionDb db, Clock clock) : Endpoint<AddFundingSourceRequest, FundingSourceResponse>
{
    public override void Configure()
    {
        Post(AddFundingSourceRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("addFundingSource").WithSummary("Add a funding source to a project (changes the project's version)").WithTags("Projects")
                .JsonBody<AddFundingSourceRequest>()
                .ReturnsCreated<FundingSourceResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(AddFundingSourceRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var created = await db.InTransactionAsync(
            async session =>
            {
                var (_, whole) = await ProjectAccess.RequireAsync(session, request.Slug, request.Id, caller);
                ProjectAccess.EnsureCanEdit(caller, whole.Project);
                return await FundingAddition.AddAsync(session, whole.Project, request, caller.Actor, now);
            },
            ct);

        var response = FundingSourceResponse.From(created);
        HttpContext.Response.Headers.ETag = response.ETag();
        HttpContext.Response.Headers.Location = GetFundingSourceRequest.BuildRoute(request.Slug, request.Id, created.Id);
        await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
    }
}

/// <summary>
/// The use case behind <c>addFundingSource</c>, for every caller that adds funding (the endpoint and the demo seed):
/// an open project, the new source, and the project's new version, history entry and change record.
/// </summary>
public static class FundingAddition
{
    private static readonly AddFundingSourceValidator Shape = new();

    /// <summary>Adds the source to <paramref name="project"/> as read in this transaction (409 when it changed since).</summary>
    public static async Task<FundingRow> AddAsync(DbSession session, ProjectRow project, AddFundingSourceRequest request, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        if (Shape.Validate(request) is { IsValid: false } invalid)
        {
            throw new ValidationException(invalid.Errors);
        }

        FundingRules.EnsureOpen(project);
        var row = new FundingRow
        {
            Id = Guid.CreateVersion7(),
            ProjectId = project.Id,
            Programme = request.Programme,
            FundingBody = request.FundingBody,
            Amount = request.Amount!.Value,
            Status = EnumText.ToText(request.Status!.Value),
            DecisionDate = request.DecisionDate,
            Reference = request.Reference,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await FundingSql.InsertAsync(session, row);
        await FundingRules.RecordChangeAsync(session, project, FundingRules.Added, row, changed: null, actor, now);
        return row;
    }
}
