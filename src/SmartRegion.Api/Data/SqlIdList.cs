namespace SmartRegion.Api.Data;

/// <summary>
/// Ids for an <c>IN @Ids</c> parameter. Dapper binds the items of a list without the type handlers, so SQLite would
/// get Guid blobs that never equal its Guid text; the handlers' text form works on both engines (SQL Server
/// converts it to uniqueidentifier on the parameter's side, so the column's index is still used).
/// </summary>
public static class SqlIdList
{
    /// <summary>
    /// The most ids one list may carry: a page's worth (lists take at most 200 items), far below SQL Server's
    /// 2,100 parameters per statement.
    /// </summary>
    public const int MaxCount = 200;

    public static List<string> Of(IEnumerable<Guid> ids)
    {
        var texts = ids.Select(id => id.ToString("D")).ToList();
        return texts.Count <= MaxCount
            ? texts
            : throw new ArgumentOutOfRangeException(nameof(ids), texts.Count, $"An IN list carries at most {MaxCount} ids.");
    }

    /// <summary>
    /// The ids as one JSON array, for <c>json_each(@X)</c> (SQLite) or <c>OPENJSON(@X)</c> (SQL Server): one parameter
    /// however many ids, so a statement is prepared and bound once instead of once per expanded <c>IN</c> item.
    /// </summary>
    public static string AsJson(IEnumerable<Guid> ids) => System.Text.Json.JsonSerializer.Serialize(Of(ids));
}
