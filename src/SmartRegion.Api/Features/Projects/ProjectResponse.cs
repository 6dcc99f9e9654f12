using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.StatusReports;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>A grant applied for or received (Fördermittel).</summary>
public sealed record FundingSourceResponse(
    Guid Id,
    string Programme,
    string FundingBody,
    [property: Money] decimal Amount,
    FundingStatus Status,
    DateOnly? DecisionDate,
    string? Reference,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static FundingSourceResponse From(FundingRow row) => new(
        row.Id, row.Programme, row.FundingBody, row.Amount, EnumText.Parse<FundingStatus>(row.Status), row.DecisionDate,
        row.Reference, row.Version, row.CreatedAt, row.UpdatedAt);

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>A Leitprojekt or Potentialprojekt of a region, with its funding and the cost left to the members.</summary>
/// <param name="GrantedFunding">Sum of the funding sources with status <c>granted</c> (EUR).</param>
/// <param name="OwnCost">Estimated cost minus granted funding, never below zero (EUR); null while the cost is unknown.</param>
/// <param name="LatestStatus">The newest status report that no correction superseded, or null before the first report.</param>
/// <param name="ReportOverdue">
/// True when the project is <c>in_implementation</c> and has no status report dated within the region's
/// <c>reportingIntervalDays</c> (Europe/Berlin calendar). Computed when read, from today's date.
/// </param>
public sealed record ProjectResponse(
    Guid Id,
    string Code,
    string Title,
    string? Summary,
    string? Description,
    ProjectCategory Category,
    Guid FieldOfActionId,
    IReadOnlyList<Guid> Themes,
    DateOnly? PlannedStart,
    DateOnly? PlannedEnd,
    [property: Money] decimal? EstimatedCost,
    CostSharingKey CostSharingKey,
    string? ProposedBy,
    ProjectStatus Status,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<FundingSourceResponse> Funding,
    [property: Money] decimal GrantedFunding,
    [property: Money] decimal? OwnCost,
    LatestStatusResponse? LatestStatus,
    bool ReportOverdue)
{
    public static ProjectResponse From(ProjectAggregate whole, ReportingPolicy reporting)
    {
        var (row, themes, funding, latest) = whole;
        var granted = funding.Where(source => source.Status == EnumText.ToText(FundingStatus.Granted)).Sum(source => source.Amount);
        return new ProjectResponse(
            row.Id, row.Code, row.Title, row.Summary, row.Description, row.CategoryValue, row.FieldOfActionId,
            themes.Order().ToList(), row.PlannedStart, row.PlannedEnd, row.EstimatedCost,
            EnumText.Parse<CostSharingKey>(row.CostSharingKey), row.ProposedBy, row.StatusValue, row.Version,
            row.CreatedAt, row.UpdatedAt, funding.Select(FundingSourceResponse.From).ToList(), granted,
            OwnCostOf(row.EstimatedCost, granted),
            latest is null ? null : LatestStatusResponse.From(latest),
            reporting.IsOverdue(row.StatusValue, latest?.ReportingDate));
    }

    public string ETag() => Preconditions.ETagFor(Version);

    /// <summary>The cost left to the members: the estimate minus granted funding, never below zero; null while the cost is unknown.</summary>
    public static decimal? OwnCostOf(decimal? estimatedCost, decimal granted) => estimatedCost is { } cost ? Math.Max(0m, cost - granted) : null;
}

/// <summary>A project's current status at a glance: the traffic light, progress and date of its latest report.</summary>
/// <param name="ReportId">The report these figures come from.</param>
/// <param name="ProgressPercent">0–100.</param>
public sealed record LatestStatusResponse(Guid ReportId, TrafficLight TrafficLight, int ProgressPercent, DateOnly ReportingDate)
{
    public static LatestStatusResponse From(LatestStatusRow row) =>
        new(row.Id, EnumText.Parse<TrafficLight>(row.TrafficLight), row.ProgressPercent, row.ReportingDate);
}
