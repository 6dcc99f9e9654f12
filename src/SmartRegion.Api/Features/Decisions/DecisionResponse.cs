using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Decisions;

/// <summary>One seat's vote on a decision.</summary>
public sealed record DecisionVoteResponse(string Ags, VoteChoice Vote);

/// <summary>
/// What an adopted project decision made of its project: its status, category and version right afterwards, so a
/// client holding the project's ETag knows it changed (the project's <c>ETag</c> is this version).
/// </summary>
public sealed record ProjectEffectResponse(Guid ProjectId, ProjectStatus Status, ProjectCategory Category, int Version)
{
    public static ProjectEffectResponse? From(Guid? projectId, string? status, string? category, int? version) =>
        projectId is { } id && status is not null && category is not null && version is { } v
            ? new ProjectEffectResponse(id, EnumText.Parse<ProjectStatus>(status), EnumText.Parse<ProjectCategory>(category), v)
            : null;
}

/// <summary>
/// A Lenkungskreis decision (Beschluss), taken on an agenda item of a held meeting or by a circulation. Immutable:
/// a correction is a new decision whose <c>supersedes</c> names this one.
/// </summary>
/// <param name="Seats">Seats of the committee when it decided.</param>
/// <param name="Present">Seats present (for a circulation: seats that voted).</param>
/// <param name="QuorumPresent">Whether more than the region's quorum percentage of the seats were present.</param>
/// <param name="Result">Computed from the votes: <c>adopted</c> when the quorum is present and yes &gt; no (<c>approve_strategy</c>: no "no" and at least one yes).</param>
/// <param name="Supersedes">The decision this one corrects, if any.</param>
/// <param name="StrategyVersionId">The strategy version an <c>approve_strategy</c> decision approves (when adopted) or refused to approve.</param>
/// <param name="ProjectEffect">The project's state after this decision changed it; null when it changed no project (or was recorded before this was kept).</param>
public sealed record DecisionResponse(
    Guid Id,
    string Reference,
    string Title,
    string Text,
    DecisionType Type,
    Guid? ProjectId,
    Guid? StrategyVersionId,
    Guid? MeetingId,
    Guid? AgendaItemId,
    Guid? CirculationId,
    IReadOnlyList<DecisionVoteResponse> Votes,
    int Seats,
    int Present,
    int Yes,
    int No,
    int Abstain,
    bool QuorumPresent,
    DecisionResult Result,
    Guid? Supersedes,
    DateTimeOffset DecidedAt,
    ProjectEffectResponse? ProjectEffect,
    int Version)
{
    public static DecisionResponse From(DecisionRow row, IEnumerable<DecisionVoteRow> votes) => new(
        row.Id, row.Reference, row.Title, row.Text, EnumText.Parse<DecisionType>(row.Type), row.ProjectId, row.StrategyVersionId, row.MeetingId,
        row.AgendaItemId, row.CirculationId,
        votes.OrderBy(vote => vote.Ags, StringComparer.Ordinal).Select(vote => new DecisionVoteResponse(vote.Ags, EnumText.Parse<VoteChoice>(vote.Vote))).ToList(),
        row.Seats, row.Present, row.Yes, row.No, row.Abstain, row.QuorumPresent, EnumText.Parse<DecisionResult>(row.Result),
        row.Supersedes, row.DecidedAt, ProjectEffectResponse.From(row.ProjectId, row.EffectStatus, row.EffectCategory, row.EffectVersion), row.Version);

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>A row of <c>Decisions</c>.</summary>
public sealed record DecisionRow
{
    public Guid Id { get; init; }

    public Guid RegionId { get; init; }

    public string Reference { get; init; } = string.Empty;

    public string Title { get; init; } = string.Empty;

    public string Text { get; init; } = string.Empty;

    public string Type { get; init; } = string.Empty;

    public Guid? ProjectId { get; init; }

    public Guid? StrategyVersionId { get; init; }

    public Guid? MeetingId { get; init; }

    public Guid? AgendaItemId { get; init; }

    public Guid? CirculationId { get; init; }

    public int Seats { get; init; }

    public int Present { get; init; }

    public int Yes { get; init; }

    public int No { get; init; }

    public int Abstain { get; init; }

    public bool QuorumPresent { get; init; }

    public string Result { get; init; } = string.Empty;

    public Guid? Supersedes { get; init; }

    public DateTimeOffset DecidedAt { get; init; }

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string? EffectStatus { get; init; }

    public string? EffectCategory { get; init; }

    public int? EffectVersion { get; init; }
}

/// <summary>A row of <c>DecisionVotes</c>.</summary>
public sealed record DecisionVoteRow
{
    public Guid DecisionId { get; init; }

    public string Ags { get; init; } = string.Empty;

    public string Vote { get; init; } = string.Empty;
}
