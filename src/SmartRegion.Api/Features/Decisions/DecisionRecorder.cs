using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Ledger;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Decisions;

/// <summary>The fields a decision and a circulation's proposal share.</summary>
public interface IDecisionFields
{
    string Reference { get; }

    string Title { get; }

    string Text { get; }

    DecisionType? Type { get; }

    Guid? ProjectId { get; }

    Guid? Supersedes { get; }

    /// <summary>The strategy version an <c>approve_strategy</c> decision approves; only meeting decisions name one.</summary>
    Guid? StrategyVersionId => null;
}

/// <summary>Shape rules of <see cref="IDecisionFields"/>; references to other rows are checked by <see cref="DecisionRecorder.CheckAsync"/>.</summary>
public sealed class DecisionFieldsRules : AbstractValidator<IDecisionFields>
{
    public const int ReferenceMaxLength = 50;
    public const int TextMaxLength = 20000;

    public DecisionFieldsRules()
    {
        RuleFor(r => r.Reference).NotEmpty().MaximumLength(ReferenceMaxLength);
        RuleFor(r => r.Title).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Text).NotEmpty().MaximumLength(TextMaxLength);
        RuleFor(r => r.Type).NotNull();
    }
}

/// <summary>Everything a decision is recorded from; the outcome is computed from the votes, never given.</summary>
public sealed record DecisionDraft(
    string Reference,
    string Title,
    string Text,
    DecisionType Type,
    Guid? ProjectId,
    Guid? Supersedes,
    Guid? MeetingId,
    Guid? AgendaItemId,
    Guid? CirculationId,
    int Seats,
    int Present,
    IReadOnlyList<(string Ags, VoteChoice Vote)> Votes,
    DateTimeOffset DecidedAt,
    Guid? StrategyVersionId = null);

/// <summary>
/// Records a decision inside the caller's transaction, whether a meeting or a circulation took it: counts the
/// votes, stores the decision with its votes and change record, and applies an adopted project decision to its
/// project. A refused project change propagates (409), so the caller's whole transaction rolls back and nothing
/// of the decision is stored.
/// </summary>
public static class DecisionRecorder
{
    public const string EntityType = "decision";

    /// <summary>
    /// The checks that refer to other rows: a project type names a project of the region, other types none;
    /// <c>supersedes</c> names a decision of the region. Empty when all is well.
    /// </summary>
    public static async Task<List<ValidationFailure>> CheckAsync(DbSession session, Guid regionId, IDecisionFields fields)
    {
        var failures = new List<ValidationFailure>();
        if (fields.Type is { } type)
        {
            if (DecisionRules.TargetsProject(type))
            {
                if (fields.ProjectId is not { } projectId)
                {
                    failures.Add(new("projectId", $"A decision of type {EnumText.ToText(type)} names its project."));
                }
                else if (await session.QuerySingleOrDefaultAsync<int?>(DecisionsSql.LockProject, new { ProjectId = projectId, RegionId = regionId }) is null)
                {
                    failures.Add(new("projectId", $"There is no project {projectId} in this region."));
                }
            }
            else if (fields.ProjectId is not null)
            {
                failures.Add(new("projectId", $"A decision of type {EnumText.ToText(type)} does not change a project; leave projectId out."));
            }
        }

        failures.AddRange(await Strategy.StrategyApproval.CheckAsync(session, regionId, fields));
        if (fields.Supersedes is { } supersedes
            && await session.ExecuteScalarAsync<int>(DecisionsSql.CountInRegion, new { Id = supersedes, RegionId = regionId }) == 0)
        {
            failures.Add(new("supersedes", $"There is no decision {supersedes} in this region."));
        }

        return failures;
    }

    /// <summary>
    /// 409 when a decision or an open circulation of the region already holds this reference. A friendlier answer
    /// than the primary key of <c>DecisionReferences</c>, which has the last word under concurrent requests.
    /// </summary>
    public static async Task EnsureReferenceIsFreeAsync(DbSession session, Guid regionId, string reference)
    {
        if (await session.QuerySingleOrDefaultAsync<ReferenceHolderRow>(DecisionsSql.ReferenceHolder, new { RegionId = regionId, ReferenceKey = TextKeys.ForReference(reference) }) is { } holder)
        {
            throw DuplicateReference(reference, holder.DecisionId is null ? "an open circulation" : "a decision");
        }
    }

    /// <summary>Takes the reference for a decision or an open circulation inside the caller's transaction.</summary>
    public static async Task TakeReferenceAsync(DbSession session, Guid regionId, string reference, Guid? decisionId, Guid? circulationId, DateTimeOffset now)
    {
        try
        {
            await session.ExecuteAsync(DecisionsSql.TakeReference, new { RegionId = regionId, Reference = reference, ReferenceKey = TextKeys.ForReference(reference), DecisionId = decisionId, CirculationId = circulationId, CreatedAt = now });
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw DuplicateReference(reference, "another decision or open circulation");
        }
    }

    private static ApiProblemException DuplicateReference(string reference, string holder) =>
        ApiProblemException.Conflict(ProblemTypes.Duplicate, "Duplicate reference", $"The reference '{reference}' is already held by {holder} of the region.");

    /// <summary>
    /// Stores the decision. A meeting's decision takes its reference; a circulation's decision takes over the
    /// reference its circulation holds (409 when it no longer holds it, i.e. it was closed or cancelled meanwhile).
    /// </summary>
    public static async Task<DecisionResponse> RecordAsync(DbSession session, Guid regionId, DecisionDraft draft, string actor, DateTimeOffset now)
    {
        if (draft.CirculationId is null)
        {
            await EnsureReferenceIsFreeAsync(session, regionId, draft.Reference);
        }

        var quorumPercent = await session.QuerySingleOrDefaultAsync<int?>(DecisionsSql.QuorumPercent, new { RegionId = regionId })
            ?? DecisionRules.DefaultQuorumPercent;
        var outcome = DecisionRules.Evaluate(draft.Type, draft.Seats, draft.Present, draft.Votes.Select(vote => vote.Vote).ToList(), quorumPercent);
        var row = new DecisionRow
        {
            Id = Guid.CreateVersion7(),
            RegionId = regionId,
            Reference = draft.Reference,
            Title = draft.Title,
            Text = draft.Text,
            Type = EnumText.ToText(draft.Type),
            ProjectId = draft.ProjectId,
            MeetingId = draft.MeetingId,
            AgendaItemId = draft.AgendaItemId,
            CirculationId = draft.CirculationId,
            Seats = outcome.Seats,
            Present = outcome.Present,
            Yes = outcome.Yes,
            No = outcome.No,
            Abstain = outcome.Abstain,
            QuorumPresent = outcome.QuorumPresent,
            Result = EnumText.ToText(outcome.Result),
            Supersedes = draft.Supersedes,
            StrategyVersionId = draft.StrategyVersionId,
            DecidedAt = draft.DecidedAt,
            Version = 1,
            CreatedAt = now,
        };
        await session.ExecuteAsync(DecisionsSql.Insert, row);
        Setup.SmartRegionMetrics.DecisionRecorded(row.Type, row.Result, draft.CirculationId is not null);
        if (draft.CirculationId is { } circulationId)
        {
            if (await session.ExecuteAsync(DecisionsSql.PassReferenceToDecision, new { RegionId = regionId, CirculationId = circulationId, DecisionId = row.Id }) == 0)
            {
                throw ApiProblemException.Conflict(ProblemTypes.Conflict, "Circulation closed", "The circulation no longer holds its reference; it was closed or cancelled meanwhile.");
            }
        }
        else
        {
            await TakeReferenceAsync(session, regionId, row.Reference, row.Id, circulationId: null, now);
        }

        var votes = draft.Votes.Select(vote => new DecisionVoteRow { DecisionId = row.Id, Ags = vote.Ags, Vote = EnumText.ToText(vote.Vote) }).ToList();
        foreach (var vote in votes)
        {
            await session.ExecuteAsync(DecisionsSql.InsertVote, vote);
        }

        // The decision and its votes join the region's verifiable record in the same transaction.
        await DecisionLedger.AppendDecisionAsync(session, regionId, row.Id, now);
        await ChangeLog.RecordAsync(session, new ChangeEntry(regionId, EntityType, row.Id.ToString("D"), "recorded", actor, now, new
        {
            reference = row.Reference,
            type = row.Type,
            result = row.Result,
            projectId = row.ProjectId,
            meetingId = row.MeetingId,
            circulationId = row.CirculationId,
            strategyVersionId = row.StrategyVersionId,
        }));

        if (outcome.Result == DecisionResult.Adopted && draft.Type == DecisionType.ApproveStrategy)
        {
            await Strategy.StrategyApproval.ApproveAsync(session, regionId, row, actor, now);
        }

        if (outcome.Result == DecisionResult.Adopted && DecisionRules.TargetsProject(draft.Type))
        {
            var project = await ApplyToProjectAsync(session, regionId, row, draft.Type, actor, now);
            row = row with { EffectStatus = project.Status, EffectCategory = project.Category, EffectVersion = project.Version };
            await session.ExecuteAsync(DecisionsSql.SetEffect, new { row.Id, row.EffectStatus, row.EffectCategory, row.EffectVersion });
        }

        return DecisionResponse.From(row, votes);
    }

    private sealed record ReferenceHolderRow
    {
        public Guid? DecisionId { get; init; }

        public Guid? CirculationId { get; init; }
    }

    /// <summary>Applies the decision to its project and returns the project as it is afterwards.</summary>
    private static async Task<ProjectRow> ApplyToProjectAsync(DbSession session, Guid regionId, DecisionRow decision, DecisionType type, string actor, DateTimeOffset now)
    {
        var projectId = decision.ProjectId ?? throw new InvalidOperationException("A project decision without a project reached the recorder.");
        await session.QuerySingleOrDefaultAsync<int?>(DecisionsSql.LockProject, new { ProjectId = projectId, RegionId = regionId });
        var project = await ProjectsSql.LoadAsync(session, regionId, projectId)
            ?? throw ApiProblemException.NotFound($"There is no project {projectId} in this region.");
        var reason = $"Beschluss {decision.Reference}: {decision.Title}";
        try
        {
            return type switch
            {
                DecisionType.AdoptProject => await ProjectTransitions.ChangeStatusAsync(session, project.Project, ProjectStatus.Adopted, reason, actor, now, decision.Id),
                DecisionType.DiscontinueProject => await ProjectTransitions.ChangeStatusAsync(session, project.Project, ProjectStatus.Discontinued, reason, actor, now, decision.Id),
                DecisionType.PromoteToLead => await ProjectTransitions.ChangeCategoryAsync(session, project.Project, ProjectCategory.Lead, reason, actor, now, decision.Id),
                DecisionType.DemoteToPotential => await ProjectTransitions.ChangeCategoryAsync(session, project.Project, ProjectCategory.Potential, reason, actor, now, decision.Id),
                _ => throw new InvalidOperationException($"Decision type {type} changes no project."),
            };
        }
        catch (ApiProblemException stale) when (stale.Status == StatusCodes.Status412PreconditionFailed)
        {
            // The caller sent no If-Match for the project: a project changed under the decision is a conflict, not a stale precondition.
            throw ApiProblemException.Conflict(ProblemTypes.Conflict, "Project changed",
                "The project changed while the decision was being recorded; nothing was stored. Read the project and decide again.");
        }
    }
}
