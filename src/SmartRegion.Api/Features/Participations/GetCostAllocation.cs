using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Participations;

/// <summary>
/// Splits a project's own cost among its committed lead and partner members by the project's cost-sharing key
/// (every role of the region).
/// </summary>
public sealed class GetCostAllocationRequest
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}/cost-allocation";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{GetProjectRequest.BuildRoute(slug, id)}/cost-allocation";
}

/// <summary>A project's own cost (Eigenanteil) split among its committed lead and partner members.</summary>
/// <param name="ProjectId">The project the allocation is for.</param>
/// <param name="Total" example="100000.00">The project's own cost: estimated cost minus granted funding, never below zero (EUR). The shares add up to it exactly.</param>
/// <param name="Key" example="equal">The project's cost-sharing key the split used.</param>
/// <param name="Shares">One share per committed lead or partner, ordered by AGS; empty while nobody has committed. Observers carry no share.</param>
public sealed record CostAllocationResponse(Guid ProjectId, [property: Money] decimal Total, CostSharingKey Key, IReadOnlyList<CostAllocationShare> Shares)
{
    /// <summary>
    /// The allocation is derived from the project, its funding, its participations and the members' populations, so
    /// no single version covers it; a hash of the content changes exactly when the answer does.
    /// </summary>
    public string ETag()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{ProjectId:D}|{Total}|{EnumText.ToText(Key)}");
        foreach (var share in Shares)
        {
            text.Append(CultureInfo.InvariantCulture, $"|{share.Ags}:{share.Percent}:{share.Amount}");
        }

        return $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..20]}\"";
    }
}

/// <summary>One committed member's share of a project's own cost.</summary>
/// <param name="Ags" example="05570004">The member's AGS.</param>
/// <param name="Percent" example="33.34">The member's share in percent, 2 decimals; the shares add up to exactly 100.</param>
/// <param name="Amount" example="33333.34">The member's share in EUR, to the cent (largest-remainder method).</param>
public sealed record CostAllocationShare(string Ags, [property: Percent] decimal Percent, [property: Money] decimal Amount);

public sealed class GetCostAllocationEndpoint(SmartRegionDb db) : Endpoint<GetCostAllocationRequest, CostAllocationResponse>
{
    /// <summary>The problem type of a project without an estimated cost: there is nothing to split yet.</summary>
    public const string CostUnknownType = "urn:smartregion:problem:cost-unknown";

    public override void Configure()
    {
        Get(GetCostAllocationRequest.Route);
        Description(
            b => b.WithName("getCostAllocation")
                .WithSummary("Split a project's own cost among its committed lead and partner members (409 when the cost is unknown, a population is missing, custom percentages do not add up to 100 or the district share is not configured)")
                .WithTags("Participations")
                .ReturnsJson<CostAllocationResponse>()
                .WithDerivedETag("A validator of this derived answer (it changes exactly when the answer does); send it in `If-None-Match` to read again only when changed.")
                .HonoursIfNoneMatch()
                .Problems(409),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetCostAllocationRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var (region, project) = await ProjectAccess.RequireAsync(session, request.Slug, request.Id, Caller.From(User));
        // Only the cost figures are used here, so the reporting policy (what makes a report overdue) does not matter.
        var whole = ProjectResponse.From(project, default);
        if (whole.OwnCost is not { } total)
        {
            throw ApiProblemException.Conflict(CostUnknownType, "Cost unknown",
                $"Project {whole.Code} has no estimated cost yet, so there is no own cost to split; record the estimated cost first.");
        }

        var participants = await session.QueryAsync<ParticipantRow>(Sql.CommittedCostBearers, new { RegionId = region.Id, ProjectId = request.Id });
        // Domain refusals (a population missing, custom percentages not adding up, the district share not configured)
        // become 409s in the exception handler.
        var shares = CostAllocation.Allocate(total, whole.CostSharingKey, participants.Select(row => row.ToParticipant()).ToList(), region.DistrictSharePercent);
        // Rounding to 2 places changes no value, only the scale: SQL Server's decimal(18, 2) percentages come back as
        // 50.00, and 50.00 × 100 / 100 would otherwise show as 50.0000 in the JSON.
        var response = new CostAllocationResponse(whole.Id, total, whole.CostSharingKey,
            shares.Select(share => new CostAllocationShare(share.Ags, decimal.Round(share.Percent, 2), decimal.Round(share.Amount, 2))).ToList());

        HttpContext.Response.Headers.ETag = response.ETag();
        if (Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }

    /// <summary>
    /// Each committed cost bearer's share of the project's own cost, by AGS; empty while the own cost is unknown or the
    /// key cannot split it yet (a population missing, custom percentages not adding up), which the CSV list shows as
    /// empty cells rather than refusing the whole list.
    /// </summary>
    internal static async Task<IReadOnlyDictionary<string, CostShare>> SharesOrEmptyAsync(DbSession session, RegionRow region, ProjectResponse whole)
    {
        if (whole.OwnCost is not { } total)
        {
            return new Dictionary<string, CostShare>();
        }

        var participants = await session.QueryAsync<ParticipantRow>(Sql.CommittedCostBearers, new { RegionId = region.Id, ProjectId = whole.Id });
        try
        {
            return CostAllocation.Allocate(total, whole.CostSharingKey, participants.Select(row => row.ToParticipant()).ToList(), region.DistrictSharePercent)
                .ToDictionary(share => share.Ags);
        }
        catch (DomainRuleException)
        {
            return new Dictionary<string, CostShare>();
        }
    }

    /// <summary>A committed cost bearer with what the key needs from it.</summary>
    private sealed record ParticipantRow
    {
        public string Ags { get; init; } = string.Empty;

        public int? Population { get; init; }

        public decimal? CustomPercent { get; init; }

        public string Kind { get; init; } = string.Empty;

        public CostParticipant ToParticipant() => new(Ags, Population, CustomPercent, Kind == "district");
    }

    internal static class Sql
    {
        // The words are the stored enum texts (EnumText) of committed, lead and partner: observers and members that
        // have not (or no longer) committed bear no cost.
        public static readonly SqlStatement CommittedCostBearers = SqlStatement.Shared("""
            SELECT pa.Ags, m.Population, pa.CustomPercent, m.Kind
            FROM Participations pa
            JOIN Members m ON m.RegionId = pa.RegionId AND m.Ags = pa.Ags
            WHERE pa.ProjectId = @ProjectId AND pa.RegionId = @RegionId
              AND pa.State = 'committed' AND pa.Role IN ('lead', 'partner')
            ORDER BY pa.Ags
            """);
    }
}
