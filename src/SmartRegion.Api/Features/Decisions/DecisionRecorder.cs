using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
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
    DateTimeOffset DecidedAt);

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

        if (fields.Supersedes is { } supersedes
            && await session.ExecuteScalarAsync<int>(DecisionsSql.CountInRegion, new { Id = supersedes, RegionId = regionId }) == 0)
        {
            failures.Add(new("supersedes", $"There is no decision {supersedes} in this region."));
        }

        return failures;
    }

    /// <summary>409 when the region already has a decision with this reference.</summary>
    public static async Task EnsureReferenceIsFreeAsync(DbSession session, Guid regionId, string reference)
    {
        if (await session.QuerySingleOrDefaultAsync<Guid?>(DecisionsSql.IdByReference, new { RegionId = regionId, Reference = reference }) is not null)
        {
            throw ApiProblemException.Conflict(ProblemTypes.Duplicate, "Duplicate reference", $"The region already has a decision with reference '{reference}'.");
        }
    }

    public static async Task<DecisionResponse> RecordAsync(DbSession session, Guid regionId, DecisionDraft draft, string actor, DateTimeOffset now)
    {
        await EnsureReferenceIsFreeAsync(session, regionId, draft.Reference);
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
            DecidedAt = draft.DecidedAt,
            Version = 1,
            CreatedAt = now,
        };
        await session.ExecuteAsync(DecisionsSql.Insert, row);
        var votes = draft.Votes.Select(vote => new DecisionVoteRow { DecisionId = row.Id, Ags = vote.Ags, Vote = EnumText.ToText(vote.Vote) }).ToList();
        foreach (var vote in votes)
        {
            await session.ExecuteAsync(DecisionsSql.InsertVote, vote);
        }

        await ChangeLog.RecordAsync(session, new ChangeEntry(regionId, EntityType, row.Id.ToString("D"), "recorded", actor, now, new
        {
            reference = row.Reference,
            type = row.Type,
            result = row.Result,
            projectId = row.ProjectId,
            meetingId = row.MeetingId,
            circulationId = row.CirculationId,
        }));

        if (outcome.Result == DecisionResult.Adopted && DecisionRules.TargetsProject(draft.Type))
        {
            await ApplyToProjectAsync(session, regionId, row, draft.Type, actor, now);
        }

        return DecisionResponse.From(row, votes);
    }

    private static async Task ApplyToProjectAsync(DbSession session, Guid regionId, DecisionRow decision, DecisionType type, string actor, DateTimeOffset now)
    {
        var projectId = decision.ProjectId ?? throw new InvalidOperationException("A project decision without a project reached the recorder.");
        await session.QuerySingleOrDefaultAsync<int?>(DecisionsSql.LockProject, new { ProjectId = projectId, RegionId = regionId });
        var project = await ProjectsSql.LoadAsync(session, regionId, projectId)
            ?? throw ApiProblemException.NotFound($"There is no project {projectId} in this region.");
        var reason = $"Beschluss {decision.Reference}: {decision.Title}";
        try
        {
            _ = type switch
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
