namespace SmartRegion.Api.Domain;

/// <summary>
/// The service's notion of now: UTC, truncated to whole microseconds so a timestamp reads back from either
/// database exactly as it was written (ETags and equality checks depend on that).
/// </summary>
public sealed class Clock(TimeProvider time)
{
    public DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % 10), TimeSpan.Zero);
    }
}
