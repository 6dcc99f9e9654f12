using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>
/// Records the coordinator's weighing (Abwägung) of a consultation comment: the disposition and its reason. It may be
/// revised while the version is in consultation; once the version is approved the record is final (409).
/// </summary>
public sealed record DisposeStrategyCommentRequest : IHasExample<DisposeStrategyCommentRequest>
{
    public const string Route = "/api/v1/regions/{slug}/strategy/comments/{commentId}/disposition";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The comment's id.</summary>
    public Guid CommentId { get; set; }

    /// <summary><c>accepted</c>, <c>partly_accepted</c>, <c>rejected</c> or <c>noted</c>.</summary>
    public CommentDisposition? Disposition { get; set; }

    /// <summary>Why (the Abwägung); required, at most 4000 characters.</summary>
    public string Reason { get; set; } = string.Empty;

    public static DisposeStrategyCommentRequest Example => new()
    {
        Disposition = CommentDisposition.PartlyAccepted,
        Reason = "Beispiel: Die Hochschulen werden im Handlungsfeld Wirtschaft & Arbeit genannt; ein eigenes Ziel ist nicht vorgesehen.",
    };

    public static string BuildRoute(string slug, Guid commentId) => $"{GetStrategyCommentRequest.BuildRoute(slug, commentId)}/disposition";
}

public sealed class DisposeStrategyCommentValidator : Validator<DisposeStrategyCommentRequest>
{
    public DisposeStrategyCommentValidator()
    {
        RuleFor(r => r.Disposition).NotNull().IsInEnum();
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(4000);
    }
}

public sealed class DisposeStrategyCommentEndpoint(SmartRegionDb db, Clock clock) : Endpoint<DisposeStrategyCommentRequest, StrategyCommentResponse>
{
    public override void Configure()
    {
        Post(DisposeStrategyCommentRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("disposeStrategyComment").WithSummary("Record the disposition of a consultation comment with its reason (Abwägung)").WithTags("Strategy")
                .JsonBody<DisposeStrategyCommentRequest>()
                .Returns<StrategyCommentResponse>()
                .Problems(409)
                .RequiresIfMatch()
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(DisposeStrategyCommentRequest request, CancellationToken ct)
    {
        var expected = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var row = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                return await StrategyCommentDisposal.DisposeAsync(session, region, request, expected, caller.Actor, now);
            },
            ct);

        var response = StrategyCommentResponse.From(row);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }
}

/// <summary>The use case behind <c>disposeStrategyComment</c>, for the endpoint and the demo seed.</summary>
public static class StrategyCommentDisposal
{
    public static async Task<StrategyCommentRow> DisposeAsync(
        DbSession session, RegionRow region, DisposeStrategyCommentRequest request, IfMatch expected, string actor, DateTimeOffset now)
    {
        var comment = await StrategyCommentsSql.RequireAsync(session, region, request.CommentId);
        // Holds the version, so that an approval cannot pass between this check and the disposition (SQL Server).
        await session.QuerySingleOrDefaultAsync<int?>(StrategySql.Lock, new { Id = comment.StrategyVersionId, RegionId = region.Id });
        var version = await StrategySql.RequireAsync(session, region, comment.StrategyVersionId);
        Preconditions.EnsureCurrent(expected, comment.Version);
        StrategyLifecycle.EnsureInConsultation(version.StateValue);
        var disposition = EnumText.ToText(request.Disposition!.Value);
        if (await session.ExecuteAsync(StrategyCommentsSql.Dispose, new
            {
                comment.Id,
                Disposition = disposition,
                DispositionReason = request.Reason,
                DisposedBy = actor,
                DisposedAt = now,
                ExpectedVersion = comment.Version,
            }) == 0)
        {
            throw Preconditions.StaleVersion();
        }

        await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, StrategySql.CommentEntityType, comment.Id.ToString("D"), "disposed", actor, now,
            new { strategyVersionId = version.Id, disposition, revised = comment.Disposition is not null }, comment.Version + 1));
        return await StrategyCommentsSql.RequireAsync(session, region, comment.Id);
    }
}
