using SmartRegion.Api.Data;

namespace SmartRegion.Api.Features.Regions;

/// <summary>A row of <c>Regions</c>.</summary>
public sealed class RegionRow
{
    public Guid Id { get; init; }

    public string Slug { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string KreisKey { get; init; } = string.Empty;

    public string? Vision { get; init; }

    /// <summary>Days a running project may go without a status report before it counts as overdue.</summary>
    public int ReportingIntervalDays { get; init; } = RegionRules.DefaultReportingIntervalDays;

    /// <summary>Whether anonymous callers may read the region's public subset.</summary>
    public bool PublicRead { get; init; }

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>SQL that several region use cases share.</summary>
internal static class RegionsSql
{
    /// <summary>One region per Kreis key, see migration 0008.</summary>
    public static readonly UniqueIndex KreisKeyIndex = new("UX_Regions_KreisKey", "Regions.KreisKey");

    public static readonly SqlStatement GetBySlug = SqlStatement.Shared("""
        SELECT Id, Slug, Name, KreisKey, Vision, ReportingIntervalDays, PublicRead, Version, CreatedAt, UpdatedAt
        FROM Regions
        WHERE Slug = @Slug
        """);

    public static readonly SqlStatement GetByKreisKey = SqlStatement.Shared("""
        SELECT Id, Slug, Name, KreisKey, Vision, ReportingIntervalDays, PublicRead, Version, CreatedAt, UpdatedAt
        FROM Regions
        WHERE KreisKey = @KreisKey
        """);
}
