using FluentValidation.Results;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Circulations;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>
/// What an <c>approve_strategy</c> decision does to the strategy, inside the decision's transaction: the decision names
/// a version of the region; adopted, it approves that version (which must be in consultation with every comment
/// weighed) and supersedes the version approved before. A refusal propagates, so nothing of the decision is stored.
/// </summary>
public static class StrategyApproval
{
    /// <summary>The checks on <c>strategyVersionId</c> that refer to other rows; empty when all is well.</summary>
    public static async Task<List<ValidationFailure>> CheckAsync(DbSession session, Guid regionId, IDecisionFields fields)
    {
        var failures = new List<ValidationFailure>();
        if (fields.Type == DecisionType.ApproveStrategy && fields is OpenCirculationRequest)
        {
            // A circulation's proposal has no version to name: the strategy is approved in a meeting.
            failures.Add(new("type", Localized.Text(
                "A strategy version is approved by a decision in a meeting of the Lenkungskreis that names it (strategyVersionId); a circulation cannot approve one.",
                "Eine Strategieversion wird durch einen Beschluss in einer Sitzung des Lenkungskreises genehmigt, der sie nennt (strategyVersionId); ein Umlaufverfahren kann das nicht.")));
        }
        else if (fields.Type == DecisionType.ApproveStrategy)
        {
            if (fields.StrategyVersionId is not { } versionId)
            {
                failures.Add(new("strategyVersionId", Localized.Text(
                    "A decision of type approve_strategy names the strategy version it approves.",
                    "Ein Beschluss vom Typ approve_strategy nennt die Strategieversion, die er genehmigt.")));
            }
            else if (await session.QuerySingleOrDefaultAsync<int?>(StrategySql.Lock, new { Id = versionId, RegionId = regionId }) is null)
            {
                failures.Add(new("strategyVersionId", Localized.Text(
                    $"There is no strategy version {versionId:D} in this region.", $"In dieser Region gibt es keine Strategieversion {versionId:D}.")));
            }
        }
        else if (fields.StrategyVersionId is not null)
        {
            failures.Add(new("strategyVersionId", Localized.Text(
                $"Only a decision of type approve_strategy names a strategy version; leave strategyVersionId out for {EnumText.ToText(fields.Type ?? DecisionType.General)}.",
                $"Nur ein Beschluss vom Typ approve_strategy nennt eine Strategieversion; lassen Sie strategyVersionId bei {EnumText.ToText(fields.Type ?? DecisionType.General)} weg.")));
        }

        return failures;
    }

    /// <summary>Approves the version the adopted decision names and supersedes the one approved before.</summary>
    public static async Task ApproveAsync(DbSession session, Guid regionId, DecisionRow decision, string actor, DateTimeOffset now)
    {
        var versionId = decision.StrategyVersionId ?? throw new InvalidOperationException("An approve_strategy decision without a version reached the approval.");
        await session.QuerySingleOrDefaultAsync<int?>(StrategySql.Lock, new { Id = versionId, RegionId = regionId });
        var version = await session.QuerySingleOrDefaultAsync<StrategyVersionRow>(StrategySql.Get, new { Id = versionId, RegionId = regionId })
            ?? throw ApiProblemException.NotFound($"There is no strategy version {versionId:D} in this region.");
        var open = await session.ExecuteScalarAsync<int>(StrategySql.CountOpenComments, new { version.Id });
        StrategyLifecycle.EnsureApprovable(version.Label, version.StateValue, open);

        if (await session.QuerySingleOrDefaultAsync<StrategyVersionRow>(StrategySql.GetApproved, new { RegionId = regionId }) is { } previous)
        {
            await session.ExecuteAsync(StrategySql.Supersede, new { previous.Id, UpdatedAt = now });
            await ChangeLog.RecordAsync(session, new ChangeEntry(regionId, StrategySql.EntityType, previous.Id.ToString("D"), "superseded", actor, now,
                new { by = version.Id, decisionId = decision.Id, reference = decision.Reference }, previous.Version + 1));
        }

        try
        {
            if (await session.ExecuteAsync(StrategySql.Approve, new { version.Id, DecisionId = decision.Id, ApprovedAt = decision.DecidedAt, UpdatedAt = now }) == 0)
            {
                throw Preconditions.ConcurrentChange("strategy version");
            }
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolationOf(ex, StrategySql.ApprovedIndex))
        {
            throw Preconditions.ConcurrentChange("region's approved strategy version");
        }

        await ChangeLog.RecordAsync(session, new ChangeEntry(regionId, StrategySql.EntityType, version.Id.ToString("D"), "approved", actor, now,
            new { decisionId = decision.Id, reference = decision.Reference }, version.Version + 1));
    }
}
