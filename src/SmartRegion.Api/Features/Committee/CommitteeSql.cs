using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Committee;

/// <summary>A row of <c>CommitteeSettings</c>; a region without one uses the defaults at version 0.</summary>
public sealed record CommitteeSettingsRow
{
    public Guid RegionId { get; init; }

    public int QuorumPercent { get; init; }

    public int Version { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>An active member's seat with its delegates, if any were named (version 0 then).</summary>
public sealed record CommitteeSeatRow
{
    public string Ags { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string? Delegates { get; init; }

    public int? Version { get; init; }
}

/// <summary>A seat of the Lenkungskreis: one per active member, with the person(s) it delegates.</summary>
/// <param name="Version">The version of the delegates entry; 0 while none was named.</param>
public sealed record CommitteeSeatResponse(string Ags, string Name, string? Delegates, int Version)
{
    public static CommitteeSeatResponse From(CommitteeSeatRow row) => new(row.Ags, row.Name, row.Delegates, row.Version ?? 0);

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>
/// A region's Lenkungskreis: its quorum rule and its seats (one per active member, by AGS). <c>version</c> is the
/// version of the quorum setting (0 while the default applies) and is what <c>updateCommittee</c> matches.
/// </summary>
/// <param name="QuorumPercent">A decision needs more than this percentage of the seats present (default 50: more than half).</param>
public sealed record CommitteeResponse(int QuorumPercent, IReadOnlyList<CommitteeSeatResponse> Seats, int Version)
{
    public static CommitteeResponse From(CommitteeSettingsRow? settings, IEnumerable<CommitteeSeatRow> seats) => new(
        settings?.QuorumPercent ?? DecisionRules.DefaultQuorumPercent, seats.Select(CommitteeSeatResponse.From).ToList(), settings?.Version ?? 0);

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>The statements the committee use cases share.</summary>
public static class CommitteeSql
{
    public const string EntityType = "committee";

    public static readonly SqlStatement Settings = SqlStatement.Shared(
        "SELECT RegionId, QuorumPercent, Version, UpdatedAt FROM CommitteeSettings WHERE RegionId = @RegionId");

    /// <summary>The settings and the seats of the active members in AGS order: one round trip.</summary>
    public static readonly SqlStatement Whole = SqlStatement.Shared("""
        SELECT RegionId, QuorumPercent, Version, UpdatedAt FROM CommitteeSettings WHERE RegionId = @RegionId;
        SELECT m.Ags, m.Name, d.Delegates, d.Version
        FROM Members m
        LEFT JOIN CommitteeDelegates d ON d.RegionId = m.RegionId AND d.Ags = m.Ags
        WHERE m.RegionId = @RegionId AND m.IsActive = 1
        ORDER BY m.Ags;
        """);

    public static readonly SqlStatement Seat = SqlStatement.Shared("""
        SELECT m.Ags, m.Name, d.Delegates, d.Version
        FROM Members m
        LEFT JOIN CommitteeDelegates d ON d.RegionId = m.RegionId AND d.Ags = m.Ags
        WHERE m.RegionId = @RegionId AND m.Ags = @Ags AND m.IsActive = 1
        """);

    public static async Task<CommitteeResponse> LoadAsync(DbSession session, Guid regionId)
    {
        using var grid = await session.QueryMultipleAsync(Whole, new { RegionId = regionId });
        var settings = await grid.ReadSingleOrDefaultAsync<CommitteeSettingsRow>();
        var seats = await grid.ReadAsync<CommitteeSeatRow>();
        return CommitteeResponse.From(settings, seats);
    }
}
