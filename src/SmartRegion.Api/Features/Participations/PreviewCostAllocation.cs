using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Participations;

/// <summary>
/// Answers what each member would carry if exactly these members were the project's committed leads and partners
/// ("what would Ahlen pay if it joined?"), optionally under another cost-sharing key or own cost (every role of the
/// region). Nothing is stored: no participation, version, history or change-feed entry changes.
/// </summary>
public sealed record PreviewCostAllocationRequest : IHasExample<PreviewCostAllocationRequest>
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}/cost-allocation/preview";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The project's id.</summary>
    public Guid Id { get; set; }

    /// <summary>
    /// The hypothetical committed leads and partners (1–200, each AGS once, members of the region). Usually the
    /// project's current cost bearers plus or minus the member in question.
    /// </summary>
    [MaxLength(ListLimits.MaxItems)]
    public List<PreviewCostBearer>? Members { get; set; }

    /// <summary>Another cost-sharing key to try; absent means the project's own key.</summary>
    public CostSharingKey? Key { get; set; }

    /// <summary>Another own cost to split (EUR); absent means the project's own cost (estimated cost minus granted funding).</summary>
    [Money]
    public decimal? OwnCost { get; set; }

    public static PreviewCostAllocationRequest Example => new()
    {
        Members =
        [
            new PreviewCostBearer { Ags = "05570000" },
            new PreviewCostBearer { Ags = "05570004" },
            new PreviewCostBearer { Ags = "05570008" },
        ],
        Key = CostSharingKey.Population,
    };

    public static string BuildRoute(string slug, Guid id) => $"{GetCostAllocationRequest.BuildRoute(slug, id)}/preview";
}

/// <summary>A hypothetical cost bearer of a preview.</summary>
public sealed class PreviewCostBearer : IHasExample<PreviewCostBearer>
{
    /// <summary>The member's AGS (8 digits).</summary>
    public string Ags { get; set; } = string.Empty;

    /// <summary>The member's percentage under the custom key (0–100, 2 decimals); the percentages must add up to 100.</summary>
    [Percent]
    public decimal? CustomPercent { get; set; }

    public static PreviewCostBearer Example => new() { Ags = "05570004" };
}

public sealed class PreviewCostAllocationValidator : Validator<PreviewCostAllocationRequest>
{
    public PreviewCostAllocationValidator()
    {
        RuleFor(r => r.Members).NotEmpty().AtMostMaxItems();
        // A separate rule: a When() at the end of a chain would condition NotEmpty too, and a missing list would pass.
        RuleFor(r => r.Members)
            .Must(members => members!.Select(m => m.Ags).Distinct(StringComparer.Ordinal).Count() == members!.Count)
            .When(r => r.Members is not null)
            .WithMessage("Each member may appear only once.", "Jedes Mitglied darf nur einmal vorkommen.");
        RuleForEach(r => r.Members).ChildRules(member =>
        {
            member.RuleFor(m => m.Ags).NotEmpty().Must(Ags.IsWellFormed)
                .WithMessage("An AGS has exactly 8 digits, e.g. 05570004.", "Ein AGS hat genau 8 Ziffern, z. B. 05570004.");
            member.RuleFor(m => m.CustomPercent).IsPercentage();
        });
        RuleFor(r => r.OwnCost)
            .GreaterThanOrEqualTo(0m).WithMessage("The own cost must not be negative.", "Der Eigenanteil darf nicht negativ sein.")
            .LessThanOrEqualTo(MoneyAttribute.Max)
            .PrecisionScale(18, 2, ignoreTrailingZeros: true).WithMessage("The own cost is EUR with at most 2 decimals.", "Der Eigenanteil ist ein Euro-Betrag mit höchstens 2 Nachkommastellen.");
    }
}

/// <summary>What the members of a preview would carry.</summary>
/// <param name="ProjectId">The project the preview is for.</param>
/// <param name="Total" example="100000.00">The own cost split (EUR): the one asked for, else the project's own cost. The shares add up to it exactly.</param>
/// <param name="Key" example="population">The cost-sharing key the split used.</param>
/// <param name="Shares">One share per member of the preview, ordered by AGS.</param>
public sealed record CostAllocationPreviewResponse(Guid ProjectId, [property: Money] decimal Total, CostSharingKey Key, IReadOnlyList<CostAllocationShare> Shares);

public sealed class PreviewCostAllocationEndpoint(SmartRegionDb db) : Endpoint<PreviewCostAllocationRequest, CostAllocationPreviewResponse>
{
    public override void Configure()
    {
        Post(PreviewCostAllocationRequest.Route);
        Description(
            b => b.WithName("previewCostAllocation")
                .WithSummary("Preview the cost split for a hypothetical set of members, key or own cost, storing nothing (409 as for the allocation itself)")
                .WithTags("Participations")
                .JsonBody<PreviewCostAllocationRequest>()
                .ReturnsJson<CostAllocationPreviewResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(PreviewCostAllocationRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var (region, project) = await ProjectAccess.RequireAsync(session, request.Slug, request.Id, Caller.From(User));
        var whole = ProjectResponse.From(project, default);
        var total = request.OwnCost ?? whole.OwnCost
            ?? throw ApiProblemException.Conflict(GetCostAllocationEndpoint.CostUnknownType, "Cost unknown",
                $"Project {whole.Code} has no estimated cost yet; record it or send the own cost to try in ownCost.");
        var key = request.Key ?? whole.CostSharingKey;
        var asked = request.Members!;
        var members = (await session.QueryAsync<MemberRow>(Sql.Members, new { RegionId = region.Id, Ags = asked.Select(m => m.Ags).ToList() }))
            .ToDictionary(m => m.Ags, StringComparer.Ordinal);
        if (asked.FirstOrDefault(m => !members.ContainsKey(m.Ags)) is { } unknown)
        {
            throw ApiProblemException.NotFound($"There is no member {unknown.Ags} in region '{region.Slug}'.");
        }

        // Domain refusals (a population missing, custom percentages not adding up, the district share not configured)
        // become 409s in the exception handler, exactly as for the stored allocation.
        var shares = CostAllocation.Allocate(total, key,
            asked.Select(m => new CostParticipant(m.Ags, members[m.Ags].Population, m.CustomPercent, members[m.Ags].Kind == "district")).ToList(),
            region.DistrictSharePercent);
        await Send.OkAsync(new CostAllocationPreviewResponse(whole.Id, total, key,
            shares.Select(share => new CostAllocationShare(share.Ags, decimal.Round(share.Percent, 2), decimal.Round(share.Amount, 2))).ToList()), ct);
    }

    private sealed record MemberRow
    {
        public string Ags { get; init; } = string.Empty;

        public int? Population { get; init; }

        public string Kind { get; init; } = string.Empty;
    }

    internal static class Sql
    {
        public static readonly SqlStatement Members = SqlStatement.Shared("""
            SELECT Ags, Population, Kind
            FROM Members
            WHERE RegionId = @RegionId AND Ags IN @Ags
            """);
    }
}
