using System.Text.Json;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.StatusReports;

/// <summary>A status report (Sachstandsbericht) of a project. Reports are never changed: a correction supersedes one.</summary>
/// <param name="ProgressPercent">0–100.</param>
/// <param name="Supersedes">The earlier report this one corrects, if any.</param>
/// <param name="SupersededBy">The later report that corrects this one, if any; a superseded report stays readable.</param>
/// <param name="Version">1, or 2 once a correction superseded the report (the only change a report ever sees); the ETag.</param>
/// <param name="ReportedBy">The credential that reported, as change records name it.</param>
public sealed record StatusReportResponse(
    Guid Id,
    Guid ProjectId,
    DateOnly ReportingDate,
    TrafficLight TrafficLight,
    int ProgressPercent,
    string Summary,
    string? NextSteps,
    string? Risks,
    IReadOnlyList<MilestoneResponse> Milestones,
    Guid? Supersedes,
    Guid? SupersededBy,
    int Version,
    string ReportedBy,
    DateTimeOffset CreatedAt)
{
    internal static readonly JsonSerializerOptions MilestoneJson = new(JsonSerializerDefaults.Web);

    public static StatusReportResponse From(StatusReportRow row) => new(
        row.Id, row.ProjectId, row.ReportingDate, EnumText.Parse<TrafficLight>(row.TrafficLight), row.ProgressPercent, row.Summary,
        row.NextSteps, row.Risks, JsonSerializer.Deserialize<List<MilestoneResponse>>(row.Milestones, MilestoneJson) ?? [],
        row.Supersedes, row.SupersededBy, row.SupersededBy is null ? 1 : 2, row.ReportedBy, row.CreatedAt);

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>A milestone as the report states it.</summary>
/// <param name="Done">Whether the milestone is reached.</param>
public sealed record MilestoneResponse(string Name, DateOnly? DueDate, bool Done);

/// <summary>
/// A status report as the public reads it (a region with <c>publicRead</c>, no credentials): traffic light, progress and
/// summary, without next steps, risks, milestones and the reporting credential.
/// </summary>
/// <param name="ProgressPercent">0–100.</param>
/// <param name="Supersedes">The earlier report this one corrects, if any.</param>
/// <param name="SupersededBy">The later report that corrects this one, if any.</param>
/// <param name="Version">1, or 2 once a correction superseded the report; the ETag.</param>
public sealed record PublicStatusReportResponse(
    Guid Id,
    Guid ProjectId,
    DateOnly ReportingDate,
    TrafficLight TrafficLight,
    int ProgressPercent,
    string Summary,
    Guid? Supersedes,
    Guid? SupersededBy,
    int Version,
    DateTimeOffset CreatedAt)
{
    public static PublicStatusReportResponse From(StatusReportRow row) => new(
        row.Id, row.ProjectId, row.ReportingDate, EnumText.Parse<TrafficLight>(row.TrafficLight), row.ProgressPercent, row.Summary,
        row.Supersedes, row.SupersededBy, row.SupersededBy is null ? 1 : 2, row.CreatedAt);
}
