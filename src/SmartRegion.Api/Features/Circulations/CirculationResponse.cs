using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Circulations;

/// <summary>Whether a circulation still takes votes.</summary>
public enum CirculationState
{
    Open,
    Closed,
}

/// <summary>
/// A seat of a circulation and its vote. Votes are visible to the region's callers as soon as they are cast: the
/// record is shared by all members, and a written procedure has no secret ballot.
/// </summary>
/// <param name="Vote">The seat's vote, or null while it has not voted.</param>
public sealed record CirculationSeatResponse(string Ags, VoteChoice? Vote, DateTimeOffset? VotedAt);

/// <summary>
/// A circulation (Umlaufverfahren): a proposal the members vote on in writing, one vote per seat, until every seat
/// has voted, the deadline has passed or the coordinator closes it; then it becomes the decision <c>decisionId</c>.
/// </summary>
/// <param name="Seats">One per member that was active when the circulation opened.</param>
/// <param name="DecisionId">The decision the circulation became, once closed.</param>
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
    Guid? DecisionId,
    IReadOnlyList<CirculationSeatResponse> Seats,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static CirculationResponse From(CirculationRow row, IEnumerable<CirculationSeatRow> seats) => new(
        row.Id, row.Reference, row.Title, row.Text, EnumText.Parse<DecisionType>(row.Type), row.ProjectId, row.Supersedes,
        row.Deadline, EnumText.Parse<CirculationState>(row.State), row.DecisionId,
        seats.OrderBy(seat => seat.Ags, StringComparer.Ordinal)
            .Select(seat => new CirculationSeatResponse(seat.Ags, seat.Vote is null ? null : EnumText.Parse<VoteChoice>(seat.Vote), seat.VotedAt))
            .ToList(),
        row.Version, row.CreatedAt, row.UpdatedAt);

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>A row of <c>Circulations</c>.</summary>
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

    public CirculationResponse ToResponse() => CirculationResponse.From(Row, Seats);
}
