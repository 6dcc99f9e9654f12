using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Circulations;

/// <summary>Where a circulation stands: open for votes, closed into its decision, or cancelled by the coordinator.</summary>
public enum CirculationState
{
    Open,
    Closed,
    Cancelled,
}

/// <summary>
/// A seat of a circulation and its vote. Votes are visible to the region's callers as soon as they are cast: the
/// record is shared by all members, and a written procedure has no secret ballot.
/// </summary>
/// <param name="Vote">The seat's vote, or null while it has not voted.</param>
public sealed record CirculationSeatResponse(string Ags, VoteChoice? Vote, DateTimeOffset? VotedAt);

/// <summary>Who cancelled the circulation, when and why.</summary>
public sealed record CirculationCancellationResponse(string CancelledBy, DateTimeOffset CancelledAt, string Reason);

/// <summary>
/// Why the last attempt to close the circulation was refused (for example its project is no longer
/// <c>proposed</c>): the problem <c>type</c> and <c>detail</c> the close answered with. The circulation stays open;
/// the coordinator cancels it, or closes it once the cause is gone.
/// </summary>
public sealed record CirculationClosingBlockedResponse(string Type, string Detail, DateTimeOffset At);

/// <summary>
/// A circulation (Umlaufverfahren): a proposal the members vote on in writing, one vote per seat, until every seat
/// has voted, the deadline has passed or the coordinator closes it; then it becomes the decision <c>decisionId</c>.
/// The service closes due circulations itself (actor <c>system:circulation-deadline</c>); a read never does.
/// </summary>
/// <param name="Seats">One per member that was active when the circulation opened.</param>
/// <param name="DeadlinePassed">Open and past its deadline: it takes no more votes and closes shortly (computed when read).</param>
/// <param name="DecisionId">The decision the circulation became, once closed.</param>
/// <param name="ClosedBy">Who closed it: the coordinator, the last voter, or <c>system:circulation-deadline</c>.</param>
/// <param name="Cancellation">Set when the coordinator cancelled it.</param>
/// <param name="ClosingBlocked">Set while it is open and the last attempt to close it was refused.</param>
/// <param name="ProjectEffect">What its decision made of its project, once closed; null when it changed none.</param>
public sealed record CirculationResponse(
    Guid Id,
    string Reference,
    string Title,
    string Text,
    DecisionType Type,
    Guid? ProjectId,
    Guid? Supersedes,
    DateTimeOffset Deadline,
    CirculationState State,
    bool DeadlinePassed,
    Guid? DecisionId,
    DateTimeOffset? ClosedAt,
    string? ClosedBy,
    CirculationCancellationResponse? Cancellation,
    CirculationClosingBlockedResponse? ClosingBlocked,
    ProjectEffectResponse? ProjectEffect,
    IReadOnlyList<CirculationSeatResponse> Seats,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static CirculationResponse From(CirculationRow row, IEnumerable<CirculationSeatRow> seats, DateTimeOffset now) => new(
        row.Id, row.Reference, row.Title, row.Text, EnumText.Parse<DecisionType>(row.Type), row.ProjectId, row.Supersedes,
        row.Deadline, EnumText.Parse<CirculationState>(row.State), row.IsOpen && row.Deadline <= now, row.DecisionId,
        row.ClosedAt, row.ClosedBy,
        row.CancelledAt is { } cancelledAt ? new CirculationCancellationResponse(row.CancelledBy!, cancelledAt, row.CancelReason!) : null,
        row.IsOpen && row.ClosingBlockedAt is { } blockedAt ? new CirculationClosingBlockedResponse(row.ClosingBlockedType!, row.ClosingBlockedReason!, blockedAt) : null,
        ProjectEffectResponse.From(row.ProjectId, row.EffectStatus, row.EffectCategory, row.EffectVersion),
        seats.OrderBy(seat => seat.Ags, StringComparer.Ordinal)
            .Select(seat => new CirculationSeatResponse(seat.Ags, seat.Vote is null ? null : EnumText.Parse<VoteChoice>(seat.Vote), seat.VotedAt))
            .ToList(),
        row.Version, row.CreatedAt, row.UpdatedAt);

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>A row of <c>Circulations</c>, with the project effect of its decision once closed.</summary>
public sealed record CirculationRow
{
    public Guid Id { get; init; }

    public Guid RegionId { get; init; }

    public string Reference { get; init; } = string.Empty;

    public string Title { get; init; } = string.Empty;

    public string Text { get; init; } = string.Empty;

    public string Type { get; init; } = string.Empty;

    public Guid? ProjectId { get; init; }

    public Guid? Supersedes { get; init; }

    public DateTimeOffset Deadline { get; init; }

    public string State { get; init; } = string.Empty;

    public Guid? DecisionId { get; init; }

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public string? ClosedBy { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    public string? CancelledBy { get; init; }

    public string? CancelReason { get; init; }

    public DateTimeOffset? ClosingBlockedAt { get; init; }

    public string? ClosingBlockedType { get; init; }

    public string? ClosingBlockedReason { get; init; }

    /// <summary>From the decision (read only).</summary>
    public string? EffectStatus { get; init; }

    public string? EffectCategory { get; init; }

    public int? EffectVersion { get; init; }

    public bool IsOpen => State == EnumText.ToText(CirculationState.Open);
}

/// <summary>A row of <c>CirculationSeats</c>.</summary>
public sealed record CirculationSeatRow
{
    public Guid CirculationId { get; init; }

    public string Ags { get; init; } = string.Empty;

    public string? Vote { get; init; }

    public DateTimeOffset? VotedAt { get; init; }
}

/// <summary>A circulation with its seats.</summary>
public sealed record CirculationAggregate(CirculationRow Row, IReadOnlyList<CirculationSeatRow> Seats)
{
    /// <summary>Due to close: the deadline has passed, or every seat has voted.</summary>
    public bool IsDue(DateTimeOffset now) => Row.IsOpen && (Row.Deadline <= now || Seats.All(seat => seat.Vote is not null));

    public CirculationResponse ToResponse(DateTimeOffset now) => CirculationResponse.From(Row, Seats, now);
}
