using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Circulations;

/// <summary>
/// The one way a circulation closes, whoever closes it: the coordinator's close command, the write that finds it due
/// (a vote, a close, a cancel), and <see cref="CirculationDeadlineCloser"/>. Reads never close. Closing records the
/// decision with the same effects as a meeting's, in one transaction guarded by <c>State = 'open'</c>, so of several
/// requests or instances exactly one closes it. When the decision is refused (its project is in the wrong state), that
/// transaction stores nothing and the circulation stays open, recording why in <c>closingBlocked</c>.
/// </summary>
public static class CirculationClosing
{
    public const string EntityType = "circulation";
    public const string ClosedType = "urn:smartregion:problem:circulation-closed";
    public const string AlreadyVotedType = "urn:smartregion:problem:already-voted";

    /// <summary>The actor recorded when the deadline, not a caller, closes a circulation.</summary>
    public const string DeadlineActor = "system:circulation-deadline";

    public static ApiProblemException Closed(string detail) =>
        ApiProblemException.Conflict(ClosedType, "Circulation closed", detail);

    /// <summary>409 for a circulation that no longer takes votes or commands.</summary>
    public static ApiProblemException NotOpen(CirculationRow row) =>
        Closed($"The circulation is {row.State}; it takes no more votes or commands.");

    /// <summary>
    /// Closes the circulation when it is due, in a transaction of its own; true when this call closed it. A refused
    /// decision is recorded on the circulation and does not fail the caller; a circulation that someone else closed
    /// first is simply no longer due. <paramref name="triggeredBy"/> is recorded when the last vote, not the deadline, made it due.
    /// </summary>
    public static async Task<bool> CloseIfDueAsync(SmartRegionDb db, Guid regionId, Guid id, string triggeredBy, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            return await CloseAsync(db, regionId, id, expectedVersion: null, triggeredBy, now, ct);
        }
        catch (ClosingRefused)
        {
            return false;
        }
        catch (ApiProblemException ex) when (ex.Type == ClosedType)
        {
            return false;
        }
    }

    /// <summary>
    /// The coordinator's close now, with the votes cast so far (If-Match version <paramref name="expectedVersion"/>).
    /// A refused decision answers 409 with the refusal's problem type, after recording it on the circulation.
    /// </summary>
    public static async Task CloseNowAsync(SmartRegionDb db, Guid regionId, Guid id, IfMatch expectedVersion, string actor, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await CloseAsync(db, regionId, id, expectedVersion, actor, now, ct);
        }
        catch (ClosingRefused refused)
        {
            throw ApiProblemException.Conflict(refused.Type, refused.Title, refused.Message);
        }
    }

    private static async Task<bool> CloseAsync(SmartRegionDb db, Guid regionId, Guid id, IfMatch? expectedVersion, string actor, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            return await db.InTransactionAsync(
                async session =>
                {
                    var circulation = await CirculationsSql.LoadAsync(session, regionId, id);
                    if (expectedVersion is null)
                    {
                        if (circulation is null || !circulation.IsDue(now))
                        {
                            return false;
                        }

                        actor = circulation.Row.Deadline <= now ? DeadlineActor : actor;
                    }
                    else
                    {
                        if (circulation is null)
                        {
                            throw ApiProblemException.NotFound($"There is no circulation {id} in this region.");
                        }

                        if (!circulation.Row.IsOpen)
                        {
                            throw NotOpen(circulation.Row);
                        }

                        Preconditions.EnsureCurrent(expectedVersion.Value, circulation.Row.Version);
                    }

                    await CloseInTransactionAsync(session, circulation, actor, now);
                    return true;
                },
                ct);
        }
        catch (ClosingRefused refused)
        {
            await RecordBlockedAsync(db, regionId, id, refused, actor, now, ct);
            throw;
        }
    }

    /// <summary>
    /// Turns the open circulation into a decision inside the caller's transaction: seats are the circulation's
    /// seats, "present" are the seats that voted (a written procedure's quorum is on the votes cast), and it was
    /// decided at the deadline when that has passed, else now.
    /// </summary>
    private static async Task CloseInTransactionAsync(DbSession session, CirculationAggregate circulation, string actor, DateTimeOffset now)
    {
        var row = circulation.Row;
        var cast = circulation.Seats.Where(seat => seat.Vote is not null).ToList();
        var draft = new DecisionDraft(
            row.Reference, row.Title, row.Text, EnumText.Parse<DecisionType>(row.Type), row.ProjectId, row.Supersedes,
            MeetingId: null, AgendaItemId: null, CirculationId: row.Id, circulation.Seats.Count, cast.Count,
            cast.Select(seat => (seat.Ags, EnumText.Parse<VoteChoice>(seat.Vote!))).ToList(),
            row.Deadline <= now ? row.Deadline : now);
        DecisionResponse decision;
        try
        {
            decision = await DecisionRecorder.RecordAsync(session, row.RegionId, draft, actor, now);
        }
        catch (DomainRuleException rule)
        {
            throw new ClosingRefused(rule.ProblemType, rule.Title, rule.Message);
        }
        catch (ApiProblemException problem) when (problem.Status == StatusCodes.Status409Conflict)
        {
            throw new ClosingRefused(problem.Type, problem.Title, problem.Message);
        }

        var changed = await session.ExecuteAsync(CirculationsSql.Close, new { row.Id, DecisionId = decision.Id, Actor = actor, UpdatedAt = now, ExpectedVersion = row.Version });
        if (changed == 0)
        {
            throw Closed("The circulation was closed or changed meanwhile; read it again.");
        }

        await ChangeLog.RecordAsync(session, new ChangeEntry(row.RegionId, EntityType, row.Id.ToString("D"), "closed", actor, now,
            new { decisionId = decision.Id, result = decision.Result }));
    }

    /// <summary>Records why closing was refused, once per distinct reason, so the coordinator sees it and can cancel.</summary>
    private static Task RecordBlockedAsync(SmartRegionDb db, Guid regionId, Guid id, ClosingRefused refused, string actor, DateTimeOffset now, CancellationToken ct) =>
        db.InTransactionAsync(
            async session =>
            {
                var changed = await session.ExecuteAsync(CirculationsSql.RecordClosingBlocked, new
                {
                    Id = id,
                    ClosingBlockedType = refused.Type,
                    ClosingBlockedReason = refused.Message,
                    UpdatedAt = now,
                });
                if (changed > 0)
                {
                    await ChangeLog.RecordAsync(session, new ChangeEntry(regionId, EntityType, id.ToString("D"), "closing-blocked", actor, now,
                        new { type = refused.Type, detail = refused.Message }));
                }
            },
            ct);

    /// <summary>The circulation's decision was refused; carries the refusal's problem type and text.</summary>
    private sealed class ClosingRefused(string type, string title, string detail) : Exception(detail)
    {
        public string Type { get; } = type;

        public string Title { get; } = title;
    }
}
