using System.ComponentModel.DataAnnotations;
using ValidationException = FluentValidation.ValidationException;
using System.Text.Json;
using FastEndpoints;
using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.StatusReports;

/// <summary>
/// Reports the status of a project (Sachstandsbericht) — by the region's coordinator or the member that leads the
/// project. Reports are append-only: a correction is a new report that names the old one in <c>supersedes</c>, and
/// the old one stays readable. The report is a change of the project (new version, so its old ETag no longer
/// matches): every project response shows its <c>latestStatus</c>.
/// </summary>
public sealed record CreateStatusReportRequest : IHasExample<CreateStatusReportRequest>
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}/status-reports";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The project's id.</summary>
    public Guid Id { get; set; }

    /// <summary>The day the report describes; not in the future (Europe/Berlin calendar).</summary>
    public DateOnly? ReportingDate { get; set; }

    /// <summary>The Ampel: <c>green</c> on track, <c>yellow</c> at risk, <c>red</c> off track.</summary>
    public TrafficLight? TrafficLight { get; set; }

    /// <summary>How far the project is, 0–100 %.</summary>
    public int? ProgressPercent { get; set; }

    /// <summary>What was achieved (Sachstand); required, at most 4000 characters.</summary>
    public string Summary { get; set; } = string.Empty;

    /// <summary>The next steps; at most 4000 characters.</summary>
    public string? NextSteps { get; set; }

    /// <summary>Risks and what is done about them; at most 4000 characters.</summary>
    public string? Risks { get; set; }

    /// <summary>Milestones as they stand at the reporting date; at most 200.</summary>
    [MaxLength(ListLimits.MaxItems)]
    public List<MilestoneInput>? Milestones { get; set; }

    /// <summary>The id of an earlier report of this project that this one corrects; a report is superseded at most once.</summary>
    public Guid? Supersedes { get; set; }

    public static CreateStatusReportRequest Example => new()
    {
        ReportingDate = new DateOnly(2025, 9, 30),
        TrafficLight = Domain.TrafficLight.Yellow,
        ProgressPercent = 40,
        Summary = "Beispiel: Glasfaser-Ausbau in Ahlen-Vorhelm und Beckum-Neubeckum zu 40 % abgeschlossen; Tiefbau in Sendenhorst begonnen.",
        NextSteps = "Ausschreibung des zweiten Bauabschnitts (Wadersloh, Oelde) bis Ende November.",
        Risks = "Lieferzeiten für Leerrohre; der Zeitplan des zweiten Bauabschnitts hängt an der Förderzusage des Landes.",
        Milestones =
        [
            new MilestoneInput { Name = "Bauabschnitt 1 ausgeschrieben", DueDate = new DateOnly(2025, 3, 31), Done = true },
            new MilestoneInput { Name = "Bauabschnitt 2 ausgeschrieben", DueDate = new DateOnly(2025, 11, 30), Done = false },
        ],
    };

    public static string BuildRoute(string slug, Guid projectId) => $"{GetProjectRequest.BuildRoute(slug, projectId)}/status-reports";
}

/// <summary>A milestone of a status report.</summary>
public sealed class MilestoneInput : IHasExample<MilestoneInput>
{
    /// <summary>What is to be reached; required, at most 200 characters.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>When it is due, if a date is set.</summary>
    public DateOnly? DueDate { get; set; }

    /// <summary>Whether it is reached (default false).</summary>
    public bool Done { get; set; }

    public static MilestoneInput Example => new() { Name = "Bauabschnitt 1 ausgeschrieben", DueDate = new DateOnly(2025, 3, 31), Done = true };
}

public sealed class CreateStatusReportValidator : Validator<CreateStatusReportRequest>
{
    public const int TextMaxLength = 4000;
    public const int MilestoneNameMaxLength = 200;

    public CreateStatusReportValidator()
    {
        RuleFor(r => r.ReportingDate).NotNull();
        RuleFor(r => r.TrafficLight).NotNull().IsInEnum();
        RuleFor(r => r.ProgressPercent).NotNull().InclusiveBetween(0, 100)
            .WithMessage("The progress is a percentage from 0 to 100.", "Der Fortschritt ist ein Prozentwert von 0 bis 100.");
        RuleFor(r => r.Summary).NotEmpty().MaximumLength(TextMaxLength);
        RuleFor(r => r.NextSteps).MaximumLength(TextMaxLength);
        RuleFor(r => r.Risks).MaximumLength(TextMaxLength);
        RuleFor(r => r.Milestones).AtMostMaxItems();
        RuleForEach(r => r.Milestones).ChildRules(milestone =>
            milestone.RuleFor(m => m.Name).NotEmpty().MaximumLength(MilestoneNameMaxLength));
    }
}

public sealed class CreateStatusReportEndpoint(SmartRegionDb db, Clock clock) : Endpoint<CreateStatusReportRequest, StatusReportResponse>
{
    public override void Configure()
    {
        Post(CreateStatusReportRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("createStatusReport").WithSummary("Report the status of a project (its lead member or the coordinator)").WithTags("Status reports")
                .JsonBody<CreateStatusReportRequest>()
                .ReturnsCreated<StatusReportResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CreateStatusReportRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        StatusReportRow created;
        try
        {
            created = await db.InTransactionAsync(
                async session =>
                {
                    var (_, whole) = await ProjectAccess.RequireAsync(session, request.Slug, request.Id, caller);
                    await StatusReporting.EnsureMayReportAsync(session, caller, whole.Project);
                    return await StatusReporting.ReportAsync(session, whole.Project, request, caller.Actor, now);
                },
                ct);
        }
        catch (ValidationException invalid)
        {
            // The use case's own checks (a reporting date in the future) answer like the pipeline's: 400 with the field.
            ValidationFailures.AddRange(invalid.Errors);
            ThrowIfAnyErrors();
            throw;
        }

        var response = StatusReportResponse.From(created);
        HttpContext.Response.Headers.ETag = response.ETag();
        HttpContext.Response.Headers.Location = GetStatusReportRequest.BuildRoute(request.Slug, request.Id, created.Id);
        await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
    }
}

/// <summary>
/// The use case behind <c>createStatusReport</c>, for every caller that reports (the endpoint and the demo seed): the
/// body's shape and date, a project being implemented, the report, the project's new version and the change records.
/// </summary>
public static class StatusReporting
{
    public const string EntityType = "status_report";
    public const string NotReportableType = "urn:smartregion:problem:project-not-reportable";
    public const string SupersedesInvalidType = "urn:smartregion:problem:supersedes-invalid";

    private static readonly CreateStatusReportValidator Shape = new();

    /// <summary>Reports come from the coordinator or from the member that holds the project's lead; 403 for anyone else.</summary>
    public static async Task EnsureMayReportAsync(DbSession session, Caller caller, ProjectRow project)
    {
        if (caller.IsCoordinator)
        {
            return;
        }

        if (caller.IsMember && await session.ExecuteScalarAsync<int>(StatusReportsSql.IsLead, new { ProjectId = project.Id, caller.Ags }) > 0)
        {
            return;
        }

        throw ApiProblemException.Forbidden(caller.IsMember
            ? "Only the member that leads the project (participation role lead) or the coordinator may report its status."
            : "Only the project's lead member or the region's coordinator may report its status.");
    }

    /// <summary>Stores the report on <paramref name="project"/> as read in this transaction (409 when it changed since).</summary>
    public static async Task<StatusReportRow> ReportAsync(DbSession session, ProjectRow project, CreateStatusReportRequest request, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        if (Shape.Validate(request) is { IsValid: false } invalid)
        {
            throw new ValidationException(invalid.Errors);
        }

        // German time: the Lenkungskreis dates its reports by the local calendar.
        if (request.ReportingDate!.Value > CouncilTime.Today(now))
        {
            throw new ValidationException([new ValidationFailure(nameof(CreateStatusReportRequest.ReportingDate),
                Localized.Text("The reporting date must not be in the future.", "Das Berichtsdatum darf nicht in der Zukunft liegen."))]);
        }

        if (project.StatusValue is not (ProjectStatus.Adopted or ProjectStatus.InImplementation or ProjectStatus.OnHold))
        {
            throw ApiProblemException.Conflict(NotReportableType, "Project not reportable",
                $"The project is {project.Status}; status reports are for adopted projects, in implementation or on hold.");
        }

        if (request.Supersedes is { } supersedes)
        {
            var earlier = await session.QuerySingleOrDefaultAsync<StatusReportRow>(StatusReportsSql.Get, new { Id = supersedes, ProjectId = project.Id });
            if (earlier is null || earlier.SupersededBy is not null)
            {
                throw SupersedesInvalid(supersedes, earlier is null);
            }
        }

        var row = new StatusReportRow
        {
            Id = Guid.CreateVersion7(),
            ProjectId = project.Id,
            ReportingDate = request.ReportingDate.Value,
            TrafficLight = EnumText.ToText(request.TrafficLight!.Value),
            ProgressPercent = request.ProgressPercent!.Value,
            Summary = request.Summary,
            NextSteps = request.NextSteps,
            Risks = request.Risks,
            Milestones = JsonSerializer.Serialize(
                (request.Milestones ?? []).Select(m => new MilestoneResponse(m.Name, m.DueDate, m.Done)).ToList(), StatusReportResponse.MilestoneJson),
            Supersedes = request.Supersedes,
            ReportedBy = actor,
            CreatedAt = now,
        };
        try
        {
            await session.ExecuteAsync(StatusReportsSql.Insert, row);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolationOf(ex, StatusReportsSql.SupersedesIndex))
        {
            throw SupersedesInvalid(request.Supersedes!.Value, unknown: false);
        }

        if (await session.ExecuteAsync(ProjectsSql.Touch, new { project.Id, UpdatedAt = now, ExpectedVersion = project.Version }) == 0)
        {
            throw Preconditions.ConcurrentChange("project");
        }

        await ChangeLog.RecordAsync(session, new ChangeEntry(project.RegionId, EntityType, row.Id.ToString("D"), "created", actor, now,
            new { projectId = project.Id, reportingDate = row.ReportingDate, trafficLight = row.TrafficLight, progressPercent = row.ProgressPercent, supersedes = row.Supersedes }));
        await ChangeLog.RecordAsync(session, new ChangeEntry(project.RegionId, ProjectRules.EntityType, project.Id.ToString("D"), "status_reported", actor, now,
            new { statusReportId = row.Id, trafficLight = row.TrafficLight }));
        return row;
    }

    private static ApiProblemException SupersedesInvalid(Guid supersedes, bool unknown) =>
        ApiProblemException.Conflict(SupersedesInvalidType, "Cannot supersede",
            unknown
                ? $"The project has no status report {supersedes:D} to supersede."
                : $"Status report {supersedes:D} is already superseded; correct the report that superseded it instead.");
}
