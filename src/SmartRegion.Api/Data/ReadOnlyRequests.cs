namespace SmartRegion.Api.Data;

/// <summary>
/// Marks the current request as one that only reads (a GET), so that <see cref="SmartRegionDb.OpenAsync"/> and
/// <see cref="SmartRegionDb.OpenSnapshotAsync"/> may use the read-only connection string
/// (<c>ConnectionStrings:SmartRegionReadOnly</c>, e.g. a readable secondary with <c>ApplicationIntent=ReadOnly</c>).
/// Reads of writing requests stay on the primary: a command reads its own writes back for its response, and a
/// secondary may lag behind.
/// </summary>
public static class ReadOnlyRequests
{
    private static readonly AsyncLocal<bool> Ambient = new();

    internal static bool Active => Ambient.Value;

    /// <summary>Until disposal, reads of the current flow may go to the read-only database.</summary>
    public static Scope Begin()
    {
        var outer = Ambient.Value;
        Ambient.Value = true;
        return new Scope(outer);
    }

    public readonly struct Scope(bool outer) : IDisposable
    {
        public void Dispose() => Ambient.Value = outer;
    }
}
