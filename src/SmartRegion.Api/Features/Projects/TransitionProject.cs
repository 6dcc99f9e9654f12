using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>
/// Moves a project to another lifecycle state (the region's coordinator; a member only proposes its own draft).
/// <c>→ adopted</c> and <c>→ discontinued</c> need a Lenkungskreis decision and are refused here with 409
/// <c>decision-required</c>; a move the lifecycle does not allow, including one to the current state, is 409
/// <c>transition-not-allowed</c>; a completed or discontinued project refuses everything with 409 <c>project-closed</c>.
/// </summary>
public sealed record TransitionProjectRequest : IHasExample<TransitionProjectRequest>
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}/transitions";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    // Nullable so that a missing target is a validation error rather than silently the first enum value.
    /// <summary>The state to move to.</summary>
    public ProjectStatus? To { get; set; }

    /// <summary>Why the project moves; kept in its history. At most 2000 characters.</summary>
    public string? Reason { get; set; }

    public static TransitionProjectRequest Example => new()
    {
        To = ProjectStatus.Proposed,
        Reason = "Die Projektskizze ist mit den Partnerkommunen abgestimmt und wird dem Lenkungskreis vorgeschlagen.",
    };

    public static string BuildRoute(string slug, Guid id) => $"{GetProjectRequest.BuildRoute(slug, id)}/transitions";
}

public sealed class TransitionProjectValidator : Validator<TransitionProjectRequest>
{
    /// <summary>The width of <c>ProjectHistory.Reason</c>.</summary>
    public const int ReasonMaxLength = 2000;

    public TransitionProjectValidator()
    {
        RuleFor(r => r.To).NotNull();
        RuleFor(r => r.Reason).MaximumLength(ReasonMaxLength);
    }
}

public sealed class TransitionProjectEndpoint(SmartRegionDb db, Clock clock) : Endpoint<TransitionProjectRequest, ProjectResponse>
{
    public override void Configure()
    {
        Post(TransitionProjectRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("transitionProject").WithSummary("Move a project to another lifecycle state").WithTags("Projects")
                .JsonBody<TransitionProjectRequest>()
                .Returns<ProjectResponse>()
                .Problems(409)
                .RequiresIfMatch().Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(TransitionProjectRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var to = request.To!.Value;
        var now = clock.Now();
        var moved = await db.InTransactionAsync(
            async session =>
            {
                var (region, project) = await ProjectAccess.RequireAsync(session, request.Slug, request.Id, caller);
                EnsureMayMove(caller, project.Project, to);
                Preconditions.EnsureCurrent(expectedVersion, project.Project.Version);
                // The versioned UPDATE inside re-checks the version, so a concurrent change since the read is a 412 too.
                await ProjectTransitions.ChangeStatusAsync(session, project.Project, to, request.Reason, caller.Actor, now);
                return (Region: region, Project: await ProjectsSql.LoadAsync(session, region.Id, project.Project.Id)
                    ?? throw new InvalidOperationException("A project vanished inside the transaction that changed it."));
            },
            ct);

        var response = ProjectResponse.From(moved.Project, ReportingPolicy.At(moved.Region.ReportingIntervalDays, now));
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }

    /// <summary>
    /// A member may only propose its own draft: that is how it submits a project to the Lenkungskreis. Every other
    /// explicit move belongs to the coordinator, who moderates the Lenkungskreis's work.
    /// </summary>
    private static void EnsureMayMove(Caller caller, ProjectRow project, ProjectStatus to)
    {
        ProjectAccess.EnsureCanEdit(caller, project);
        if (caller.IsMember && to != ProjectStatus.Proposed)
        {
            throw ApiProblemException.Forbidden("A member may only propose its own draft; other transitions belong to the region's coordinator.");
        }
    }
}
