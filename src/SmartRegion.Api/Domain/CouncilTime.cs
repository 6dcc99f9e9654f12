namespace SmartRegion.Api.Domain;

/// <summary>
/// The calendar the councils date their resolutions by: Europe/Berlin, always. A resolution passed this evening in
/// Ahlen is "today" there although UTC may already be tomorrow (or still yesterday). Time-zone data is a requirement
/// of the service: <see cref="EnsureAvailable"/> stops start-up without it instead of silently using UTC.
/// </summary>
public static class CouncilTime
{
    public const string TimeZoneId = "Europe/Berlin";

    private static readonly Lazy<TimeZoneInfo> Zone = new(Find);

    /// <summary>Today's date in Europe/Berlin at <paramref name="now"/>.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone.Value).DateTime);

    /// <summary>Throws with a clear message when the time zone cannot be loaded (e.g. a container without tzdata).</summary>
    public static void EnsureAvailable() => _ = Zone.Value;

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException(
                $"The time zone {TimeZoneId} is not available, so council dates cannot be checked. Install the time-zone data " +
                "(e.g. the tzdata package, or set TZDIR to its folder) and start again.", ex);
        }
    }
}
