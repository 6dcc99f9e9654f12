using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Circulations;

/// <summary>
/// Closes circulations. The service keeps no timers: every read or write of a circulation first closes it when it
/// is due (deadline passed or every seat voted), in a transaction of its own, and the coordinator may close it
/// early. Closing records the decision with the same effects as a meeting's; when the decision is refused (its
/// project is in the wrong state), nothing is stored and the circulation stays open.
/// </summary>
public static class CirculationClosing
{
    public const string EntityType = "circulation";
    public const string ClosedType = "urn:smartregion:problem:circulation-closed";
    public const string AlreadyVotedType = "urn:smartregion:problem:already-voted";

    public static ApiProblemException Closed(string detail) =>
        ApiProblemException.Conflict(ClosedType, "Circulation closed", detail);

    /// <summary>
    /// Closes the circulation when it is due. A refused decision does not fail the caller's read or vote: the
    /// circulation then simply stays open, and the coordinator's explicit close reports why.
    /// </summary>
    public static async Task CloseIfDueAsync(SmartRegionDb db, Guid regionId, Guid id, string actor, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await db.InTransactionAsync(
                async session =>
                {
                    if (await CirculationsSql.LoadAsync(session, regionId, id) is { } circulation && circulation.IsDue(now))
                    {
                        await CloseAsync(session, circulation, actor, now);
                    }
                },
                ct);
        }
        catch (Exception ex) when (ex is DomainRuleException or ApiProblemException { Status: StatusCodes.Status409Conflict })
        {
            // Stays open; see the summary.
        }
    }

    /// <summary>Closes every due circulation of the region, each in its own transaction (before listing them).</summary>
    public static async Task CloseDueInRegionAsync(SmartRegionDb db, Guid regionId, string actor, DateTimeOffset now, CancellationToken ct)
    {
        List<Guid> due;
        await using (var session = await db.OpenAsync(ct))
        {
            due = (await session.QueryAsync<Guid>(CirculationsSql.DueIds, new { RegionId = regionId, CheckedAt = now })).ToList();
        }

        foreach (var id in due)
        {
            await CloseIfDueAsync(db, regionId, id, actor, now, ct);
        }
    }

    /// <summary>
    /// Turns the open circulation into a decision inside the caller's transaction: seats are the circulation's
    /// seats, "present" are the seats that voted (a written procedure's quorum is on the votes cast), and it was
    /// decided at the deadline when that has passed, else now.
    /// </summary>
    public static async Task<DecisionResponse> CloseAsync(DbSession session, CirculationAggregate circulation, string actor, DateTimeOffset now)
    {
        var row = circulation.Row;
        var cast = circulation.Seats.Where(seat => seat.Vote is not null).ToList();
        var draft = new DecisionDraft(
            row.Reference, row.Title, row.Text, EnumText.Parse<DecisionType>(row.Type), row.ProjectId, row.Supersedes,
            MeetingId: null, AgendaItemId: null, CirculationId: row.Id, circulation.Seats.Count, cast.Count,
            cast.Select(seat => (seat.Ags, EnumText.Parse<VoteChoice>(seat.Vote!))).ToList(),
            row.Deadline <= now ? row.Deadline : now);
        var decision = await DecisionRecorder.RecordAsync(session, row.RegionId, draft, actor, now);
        var changed = await session.ExecuteAsync(CirculationsSql.Close, new { row.Id, DecisionId = decision.Id, UpdatedAt = now, ExpectedVersion = row.Version });
        if (changed == 0)
        {
            throw Closed("The circulation was closed or changed meanwhile; read it again.");
        }

        await ChangeLog.RecordAsync(session, new ChangeEntry(row.RegionId, EntityType, row.Id.ToString("D"), "closed", actor, now,
            new { decisionId = decision.Id, result = decision.Result }));
        return decision;
    }
}
