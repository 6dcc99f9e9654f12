namespace SmartRegion.Api.Domain;

/// <summary>The Ampel of a status report.</summary>
public enum TrafficLight
{
    Green,
    Yellow,
    Red,
}

/// <summary>
/// When a project's status report is overdue: a project in implementation needs a report dated within the region's
/// reporting interval (a report dated exactly that many days ago still counts). Other states need none: a draft has
/// nothing to report yet, and a project on hold or closed is not being implemented.
/// </summary>
/// <param name="IntervalDays">The region's <c>reportingIntervalDays</c>.</param>
/// <param name="Today">Today in the councils' calendar (Europe/Berlin).</param>
public readonly record struct ReportingPolicy(int IntervalDays, DateOnly Today)
{
    public static ReportingPolicy At(int intervalDays, DateTimeOffset now) => new(intervalDays, CouncilTime.Today(now));

    public bool IsOverdue(ProjectStatus status, DateOnly? latestReportingDate) =>
        status == ProjectStatus.InImplementation
        && (latestReportingDate is not { } date || date.AddDays(IntervalDays) < Today);
}
