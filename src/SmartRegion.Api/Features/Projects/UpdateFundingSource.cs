using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>
/// Replaces all fields of a funding source (the region's coordinator, or a member for its own draft), with the
/// funding source's ETag in <c>If-Match</c>. A real change gives the project a new version and a history entry.
/// </summary>
public sealed record UpdateFundingSourceRequest : IFundingFields, IHasExample<UpdateFundingSourceRequest>
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}/funding/{fundingId}";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The project's id.</summary>
    public Guid Id { get; set; }

    /// <summary>The funding source's id.</summary>
    public Guid FundingId { get; set; }

    /// <summary>Name of the funding programme (Förderprogramm); at most 200 characters.</summary>
    public string Programme { get; set; } = string.Empty;

    /// <summary>Who grants the money (Fördermittelgeber); at most 200 characters.</summary>
    public string FundingBody { get; set; } = string.Empty;

    /// <summary>EUR, not negative, at most 2 decimals.</summary>
    [Money]
    public decimal? Amount { get; set; }

    /// <summary>Where the application stands; only <c>granted</c> funding lowers the project's own cost.</summary>
    public FundingStatus? Status { get; set; }

    /// <summary>When the funding body decided; null or omitted clears it.</summary>
    public DateOnly? DecisionDate { get; set; }

    /// <summary>The funding body's reference; at most 100 characters; null or omitted clears it.</summary>
    public string? Reference { get; set; }

    public static UpdateFundingSourceRequest Example => new()
    {
        Programme = "Digitalisierung kommunaler Leistungen",
        FundingBody = "Land Nordrhein-Westfalen",
        Amount = 112_500.50m,
        Status = FundingStatus.Granted,
        DecisionDate = new DateOnly(2025, 11, 20),
        Reference = "Förderbescheid Az. 34.2-0815/25",
    };

    public static string BuildRoute(string slug, Guid projectId, Guid fundingId) => GetFundingSourceRequest.BuildRoute(slug, projectId, fundingId);
}

public sealed class UpdateFundingSourceValidator : Validator<UpdateFundingSourceRequest>
{
    public UpdateFundingSourceValidator() => Include(new FundingFieldsRules());
}

public sealed class UpdateFundingSourceEndpoint(SmartRegionDb db, Clock clock) : Endpoint<UpdateFundingSourceRequest, FundingSourceResponse>
{
    public override void Configure()
    {
        Put(UpdateFundingSourceRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("updateFundingSource").WithSummary("Replace a funding source's fields (changes the project's version)").WithTags("Projects")
                .JsonBody<UpdateFundingSourceRequest>()
                .Returns<FundingSourceResponse>()
                .Problems(409)
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(UpdateFundingSourceRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var updated = await db.InTransactionAsync(
            async session =>
            {
                var (_, whole) = await ProjectAccess.RequireAsync(session, request.Slug, request.Id, caller);
                var project = whole.Project;
                ProjectAccess.EnsureCanEdit(caller, project);
                var current = FundingRules.RequireSource(whole, request.FundingId);
                Preconditions.EnsureCurrent(expectedVersion, current.Version);
                FundingRules.EnsureOpen(project);

                var row = current with
                {
                    Programme = request.Programme,
                    FundingBody = request.FundingBody,
                    Amount = request.Amount!.Value,
                    Status = EnumText.ToText(request.Status!.Value),
                    DecisionDate = request.DecisionDate,
                    Reference = request.Reference,
                    Version = current.Version + 1,
                    UpdatedAt = now,
                };
                var changed = ChangedFields(current, row);
                // Replacing with identical content is a no-op: no new versions, no history entry to wade through.
                if (changed.Length == 0)
                {
                    return current;
                }

                if (await session.ExecuteAsync(Sql.Update, new
                {
                    row.Id,
                    row.ProjectId,
                    row.Programme,
                    row.FundingBody,
                    row.Amount,
                    row.Status,
                    row.DecisionDate,
                    row.Reference,
                    row.UpdatedAt,
                    ExpectedVersion = current.Version,
                }) == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await FundingRules.RecordChangeAsync(session, project, FundingRules.Updated, row, changed, caller.Actor, now);
                return row;
            },
            ct);

        var response = FundingSourceResponse.From(updated);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }

    /// <summary>The JSON names of the fields that differ, for the history and the change feed.</summary>
    private static string[] ChangedFields(FundingRow before, FundingRow after) =>
        new[]
        {
            ("programme", before.Programme != after.Programme),
            ("fundingBody", before.FundingBody != after.FundingBody),
            ("amount", before.Amount != after.Amount),
            ("status", before.Status != after.Status),
            ("decisionDate", before.DecisionDate != after.DecisionDate),
            ("reference", before.Reference != after.Reference),
        }
            .Where(field => field.Item2).Select(field => field.Item1).ToArray();

    internal static class Sql
    {
        public static readonly SqlStatement Update = SqlStatement.Shared("""
            UPDATE FundingSources
            SET Programme = @Programme, FundingBody = @FundingBody, Amount = @Amount, Status = @Status,
                DecisionDate = @DecisionDate, Reference = @Reference, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE Id = @Id AND ProjectId = @ProjectId AND Version = @ExpectedVersion
            """);
    }
}
