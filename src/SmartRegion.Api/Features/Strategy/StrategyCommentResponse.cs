using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>A consultation comment (Stellungnahme) on a strategy version, with the coordinator's disposition once weighed.</summary>
/// <param name="Section">The part of the version it is about.</param>
/// <param name="SectionId">The goal, value, field of action or project of the version it is about; null for <c>general</c>.</param>
/// <param name="AuthorAgs">The member that commented, for a member's own comment.</param>
/// <param name="OnBehalfOf">The external partner the coordinator submitted it for (e.g. a university of the Allianz).</param>
/// <param name="SubmittedBy">The credential that submitted it, as change records name it.</param>
/// <param name="Disposition">The weighing (Abwägung); null while the comment is open.</param>
/// <param name="DispositionReason">Why it was weighed so; set together with the disposition.</param>
/// <param name="Version">Changes when the disposition is recorded or revised; the ETag.</param>
public sealed record StrategyCommentResponse(
    Guid Id,
    Guid StrategyVersionId,
    CommentSection Section,
    Guid? SectionId,
    string Text,
    string? AuthorAgs,
    string? OnBehalfOf,
    string SubmittedBy,
    CommentDisposition? Disposition,
    string? DispositionReason,
    string? DisposedBy,
    DateTimeOffset? DisposedAt,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static StrategyCommentResponse From(StrategyCommentRow row) => new(
        row.Id, row.StrategyVersionId, EnumText.Parse<CommentSection>(row.Section), row.SectionId, row.Text, row.AuthorAgs, row.OnBehalfOf,
        row.SubmittedBy, row.Disposition is { } disposition ? EnumText.Parse<CommentDisposition>(disposition) : null, row.DispositionReason,
        row.DisposedBy, row.DisposedAt, row.Version, row.CreatedAt, row.UpdatedAt);

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>A row of <c>StrategyComments</c>, with the region of its version.</summary>
public sealed record StrategyCommentRow
{
    public Guid Id { get; init; }

    public Guid StrategyVersionId { get; init; }

    public string Section { get; init; } = string.Empty;

    public Guid? SectionId { get; init; }

    public string Text { get; init; } = string.Empty;

    public string? AuthorAgs { get; init; }

    public string? OnBehalfOf { get; init; }

    public string SubmittedBy { get; init; } = string.Empty;

    public string? Disposition { get; init; }

    public string? DispositionReason { get; init; }

    public string? DisposedBy { get; init; }

    public DateTimeOffset? DisposedAt { get; init; }

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>SQL the comment use cases share.</summary>
public static class StrategyCommentsSql
{
    public const string Columns = """
        c.Id, c.StrategyVersionId, c.Section, c.SectionId, c.Text, c.AuthorAgs, c.OnBehalfOf, c.SubmittedBy, c.Disposition,
        c.DispositionReason, c.DisposedBy, c.DisposedAt, c.Version, c.CreatedAt, c.UpdatedAt
        """;

    public static readonly SqlStatement Insert = SqlStatement.Shared("""
        INSERT INTO StrategyComments (Id, StrategyVersionId, Section, SectionId, Text, AuthorAgs, OnBehalfOf, SubmittedBy, Version, CreatedAt, UpdatedAt)
        VALUES (@Id, @StrategyVersionId, @Section, @SectionId, @Text, @AuthorAgs, @OnBehalfOf, @SubmittedBy, 1, @CreatedAt, @UpdatedAt)
        """);

    /// <summary>A comment of a version of the region (another region's comment is as unknown as a made-up one).</summary>
    public static readonly SqlStatement Get = SqlStatement.Shared($"""
        SELECT {Columns} FROM StrategyComments c JOIN StrategyVersions v ON v.Id = c.StrategyVersionId
        WHERE c.Id = @Id AND v.RegionId = @RegionId
        """);

    public static readonly SqlStatement Dispose = SqlStatement.Shared("""
        UPDATE StrategyComments
        SET Disposition = @Disposition, DispositionReason = @DispositionReason, DisposedBy = @DisposedBy, DisposedAt = @DisposedAt,
            Version = Version + 1, UpdatedAt = @DisposedAt
        WHERE Id = @Id AND Version = @ExpectedVersion
        """);

    public static async Task<StrategyCommentRow> RequireAsync(DbSession session, Regions.RegionRow region, Guid id) =>
        await session.QuerySingleOrDefaultAsync<StrategyCommentRow>(Get, new { Id = id, RegionId = region.Id })
            ?? throw ApiProblemException.NotFound($"There is no consultation comment {id:D} in region '{region.Slug}'.");
}
