using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>
/// Adds a project to a region as a draft or proposal (the region's coordinator, or a member proposing it itself).
/// </summary>
public sealed record CreateProjectRequest : IProjectFields, IHasExample<CreateProjectRequest>
{
    public const string Route = "/api/v1/regions/{slug}/projects";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Unique in the region: upper-case letters and digits in groups joined by hyphens, at most 20 characters, e.g. <c>LP-07</c>.</summary>
    public string Code { get; set; } = string.Empty;

    /// <summary>At most 200 characters.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>At most 1000 characters.</summary>
    public string? Summary { get; set; }

    /// <summary>At most 20000 characters.</summary>
    public string? Description { get; set; }

    /// <summary><c>lead</c> (Leitprojekt) or <c>potential</c> (Potentialprojekt); later changed only by a Lenkungskreis decision.</summary>
    public ProjectCategory? Category { get; set; }

    /// <summary>A field of action of this region.</summary>
    public Guid? FieldOfActionId { get; set; }

    /// <summary>Ids of themes of this region, each at most once.</summary>
    [MaxLength(ListLimits.MaxItems)]
    public List<Guid>? Themes { get; set; }

    public DateOnly? PlannedStart { get; set; }

    /// <summary>Not before <c>plannedStart</c>.</summary>
    public DateOnly? PlannedEnd { get; set; }

    /// <summary>EUR, not negative, at most 2 decimals.</summary>
    [Money]
    public decimal? EstimatedCost { get; set; }

    /// <summary>How the project's own cost is split among committed members.</summary>
    public CostSharingKey? CostSharingKey { get; set; }

    /// <summary>
    /// AGS of the proposing member of this region. A member may only name itself and becomes the proposer when
    /// it leaves this out; a coordinator may name any member or none.
    /// </summary>
    public string? ProposedBy { get; set; }

    /// <summary><c>draft</c> (default) or <c>proposed</c>; every later status change is a transition.</summary>
    public ProjectStatus? Status { get; set; }

    public static CreateProjectRequest Example => new()
    {
        Code = "LP-07",
        Title = "Beispiel: Digitale Bürgerdienste",
        Summary = "Beispiel: Die 14 Verwaltungen bieten ihre häufigsten Leistungen gemeinsam online an.",
        Description = "Beispiel: Anträge wie Anwohnerparkausweis, Hundesteuer und Gewerbeanmeldung werden einmal digitalisiert und von allen teilnehmenden Kommunen genutzt.",
        Category = ProjectCategory.Lead,
        FieldOfActionId = new Guid("01960f7d-0a2b-7c3d-8e4f-1a2b3c4d5e6f"),
        Themes = [new Guid("01960f7d-4b5c-7d6e-8f70-8192a3b4c5d6")],
        PlannedStart = new DateOnly(2026, 1, 1),
        PlannedEnd = new DateOnly(2027, 12, 31),
        EstimatedCost = 250_000.00m,
        CostSharingKey = Domain.CostSharingKey.Population,
        ProposedBy = "05570004",
        Status = ProjectStatus.Draft,
    };

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/projects";
}

public sealed class CreateProjectValidator : Validator<CreateProjectRequest>
{
    public CreateProjectValidator()
    {
        Include(new ProjectFieldsRules());
        RuleFor(r => r.Category).NotNull();
        RuleFor(r => r.ProposedBy).Must(Ags.IsWellFormed).When(r => r.ProposedBy is not null)
            .WithMessage("The AGS has exactly 8 digits, e.g. 05570004.", "Der AGS hat genau 8 Ziffern, z. B. 05570004.");
        RuleFor(r => r.Status).Must(status => status is null or ProjectStatus.Draft or ProjectStatus.Proposed)
            .WithMessage("A new project is draft or proposed; every later status is reached through a transition.", "Ein neues Projekt ist ein Entwurf (draft) oder vorgeschlagen (proposed); jeder spätere Status wird über einen Statuswechsel erreicht.");
    }
}

public sealed class CreateProjectEndpoint(SmartRegionDb db, Clock clock) : Endpoint<CreateProjectRequest, ProjectResponse>
{
    public override void Configure()
    {
        Post(CreateProjectRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("createProject").WithSummary("Add a project to a region as a draft or proposal").WithTags("Projects")
                .JsonBody<CreateProjectRequest>()
                .ReturnsCreated<ProjectResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CreateProjectRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var created = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var outcome = await ProjectCreation.CreateAsync(session, region, request, ProposerFor(caller, request.ProposedBy), caller.Actor, now);
                ValidationFailures.AddRange(outcome.Failures);
                ThrowIfAnyErrors();
                return (Region: region, Project: outcome.Project!);
            },
            ct);

        var response = ProjectResponse.From(created.Project, ReportingPolicy.At(created.Region.ReportingIntervalDays, now));
        HttpContext.Response.Headers.ETag = response.ETag();
        HttpContext.Response.Headers.Location = GetProjectRequest.BuildRoute(request.Slug, response.Id);
        await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
    }

    /// <summary>A member proposes for itself only; a coordinator for any member of the region, or for nobody.</summary>
    private static string? ProposerFor(Caller caller, string? requested)
    {
        if (!caller.IsMember)
        {
            return requested;
        }

        if (requested is not null && requested != caller.Ags)
        {
            throw ApiProblemException.Forbidden($"A member proposes projects only in its own name ({caller.Ags}), not for {requested}.");
        }

        return caller.Ags;
    }
}

/// <summary>
/// The use case behind <c>createProject</c>, for every caller that creates projects (the endpoint and the demo seed):
/// the body's shape, its references into the region, the proposer, the free code, then the project with its themes,
/// its "created" history entry and its change record, in the caller's transaction.
/// </summary>
public static class ProjectCreation
{
    private static readonly CreateProjectValidator Shape = new();

    /// <summary>What creating gave: the project, or the field errors that refused it (then nothing was stored).</summary>
    public sealed record Outcome(ProjectAggregate? Project, IReadOnlyList<ValidationFailure> Failures);

    /// <param name="proposedBy">The proposing member's AGS as the caller's rights allow it (see the endpoint).</param>
    public static async Task<Outcome> CreateAsync(
        DbSession session, RegionRow region, CreateProjectRequest request, string? proposedBy, string actor, DateTimeOffset now, string? reason = null)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        var failures = Shape.Validate(request).Errors;
        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        var themes = request.Themes ?? [];
        failures = await ProjectRules.CheckReferencesAsync(session, region.Id, request.FieldOfActionId!.Value, themes);
        if (proposedBy is not null && await session.QuerySingleOrDefaultAsync<MemberRow>(MembersSql.GetByAgs, new { RegionId = region.Id, Ags = proposedBy }) is not { IsActive: true })
        {
            failures.Add(new("proposedBy", $"{proposedBy} is not an active member of region '{region.Slug}'."));
        }

        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        await ProjectRules.EnsureCodeIsFreeAsync(session, region.Id, request.Code);
        var row = new ProjectRow
        {
            Id = Guid.CreateVersion7(),
            RegionId = region.Id,
            Code = request.Code,
            Title = request.Title,
            Summary = request.Summary,
            Description = request.Description,
            Category = EnumText.ToText(request.Category!.Value),
            FieldOfActionId = request.FieldOfActionId.Value,
            PlannedStart = request.PlannedStart,
            PlannedEnd = request.PlannedEnd,
            EstimatedCost = request.EstimatedCost,
            CostSharingKey = EnumText.ToText(request.CostSharingKey!.Value),
            ProposedBy = proposedBy,
            Status = EnumText.ToText(request.Status ?? ProjectStatus.Draft),
            SearchText = ProjectRules.SearchTextFor(request.Code, request.Title, request.Summary),
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await ProjectsSql.InsertAsync(session, row, themes, actor, reason);
        return new Outcome(
            await ProjectsSql.LoadAsync(session, region.Id, row.Id) ?? throw new InvalidOperationException("The project just inserted is missing."),
            []);
    }
}
