using System.Globalization;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;

namespace SmartRegion.IntegrationTests.Features.Projects;

/// <summary>
/// Arranges projects for tests in any lifecycle state, through the service's own statements (no SQL here). A project
/// is created as a draft and walked along the lifecycle with <see cref="ProjectTransitions"/>, so its history reads
/// like a real one:
/// <code>var project = await new ProjectBuilder(region).WithCode("LP-07").InStatus(ProjectStatus.OnHold, leftFrom: ProjectStatus.Adopted).BuildAsync();</code>
/// </summary>
public sealed class ProjectBuilder(TestRegion region)
{
    /// <summary>Recorded as "who" for everything the builder writes.</summary>
    public const string Actor = "test:builder";

    private static readonly ProjectStatus[] MainLine =
        [ProjectStatus.Draft, ProjectStatus.Proposed, ProjectStatus.Adopted, ProjectStatus.InImplementation, ProjectStatus.Completed];

    private string? code;
    private string title = "Beispiel: Testprojekt";
    private string? summary;
    private ProjectCategory category = ProjectCategory.Lead;
    private string? proposedBy;
    private Guid? fieldOfActionId;
    private Guid[] themes = [];
    private ProjectStatus status = ProjectStatus.Draft;
    private ProjectStatus? leftFrom;

    /// <summary>Unique in the region; a fresh one (<c>T-…</c>) when not given.</summary>
    public ProjectBuilder WithCode(string value)
    {
        code = value;
        return this;
    }

    public ProjectBuilder WithTitle(string value, string? summaryText = null)
    {
        title = value;
        summary = summaryText;
        return this;
    }

    public ProjectBuilder WithCategory(ProjectCategory value)
    {
        category = value;
        return this;
    }

    /// <summary>The proposing member's AGS; the member must exist in the region.</summary>
    public ProjectBuilder ProposedBy(string ags)
    {
        proposedBy = ags;
        return this;
    }

    /// <summary>A field of action of the region; without it the region's first one, created when there is none.</summary>
    public ProjectBuilder InFieldOfAction(Guid id)
    {
        fieldOfActionId = id;
        return this;
    }

    public ProjectBuilder WithThemes(params Guid[] ids)
    {
        themes = ids;
        return this;
    }

    /// <summary>
    /// The state to reach. <paramref name="leftFrom"/> is the state just before it, for the two states that can be
    /// reached from several: <c>on_hold</c> (default: left from <c>proposed</c>) and <c>discontinued</c> (default:
    /// from <c>draft</c>).
    /// </summary>
    public ProjectBuilder InStatus(ProjectStatus value, ProjectStatus? leftFrom = null)
    {
        status = value;
        this.leftFrom = leftFrom;
        return this;
    }

    /// <summary>Builds the project and returns it as the API shows it (read back through <c>getProject</c>).</summary>
    public async Task<ProjectResponse> BuildAsync()
    {
        var built = (await BuildAsync([code ?? FreshCode()])).Single();
        return await (await region.App.Admin().GetAsync(GetProjectRequest.BuildRoute(region.Slug, built.Id))).ReadAsync<ProjectResponse>();
    }

    /// <summary>
    /// Builds <paramref name="count"/> projects alike in one transaction, cheap enough for hundreds. Their codes are
    /// <paramref name="codePrefix"/> plus a zero-padded number from 1 (<c>P-001</c> …), so code order is creation order.
    /// </summary>
    public Task<IReadOnlyList<ProjectResponse>> BuildManyAsync(int count, string codePrefix)
    {
        var format = "D" + count.ToString(CultureInfo.InvariantCulture).Length.ToString(CultureInfo.InvariantCulture);
        return BuildAsync(Enumerable.Range(1, count).Select(number => codePrefix + number.ToString(format, CultureInfo.InvariantCulture)).ToList());
    }

    private async Task<IReadOnlyList<ProjectResponse>> BuildAsync(List<string> codes)
    {
        var db = region.App.Service<SmartRegionDb>();
        var now = region.App.Service<Clock>().Now();
        return await db.InTransactionAsync(
            async session =>
            {
                var regionRow = (await session.QuerySingleOrDefaultAsync<RegionRow>(RegionsSql.GetBySlug, new { region.Slug }))!;
                var regionId = regionRow.Id;
                var reporting = ReportingPolicy.At(regionRow.ReportingIntervalDays, now);
                var field = fieldOfActionId ?? await FirstFieldOfActionAsync(session, regionId, now);
                var built = new List<ProjectResponse>(codes.Count);
                foreach (var projectCode in codes)
                {
                    var row = await InsertDraftAsync(session, regionId, field, projectCode, now);
                    row = await WalkToStatusAsync(session, row, now);
                    // The builder adds no funding, so the rows at hand are the whole project: bulk builds need no read-back.
                    built.Add(ProjectResponse.From(new ProjectAggregate(row, themes, []), reporting));
                }

                return (IReadOnlyList<ProjectResponse>)built;
            },
            CancellationToken.None);
    }

    private static string FreshCode() => "T-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    // Two builders racing to create the first field of a fresh region on SQL Server could both insert it; tests
    // arrange their projects one after the other, so the simple way is enough.
    private static async Task<Guid> FirstFieldOfActionAsync(DbSession session, Guid regionId, DateTimeOffset now)
    {
        if ((await session.QueryAsync<FieldOfActionRow>(FieldsOfActionSql.ListAll, new { RegionId = regionId })).FirstOrDefault() is { } existing)
        {
            return existing.Id;
        }

        var row = new FieldOfActionRow
        {
            Id = Guid.CreateVersion7(),
            RegionId = regionId,
            Name = "Digitale Infrastruktur",
            Position = await FieldsOfActionSql.NextPositionAsync(session, regionId),
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await FieldsOfActionSql.InsertAsync(session, row, Actor);
        return row.Id;
    }

    private async Task<ProjectRow> InsertDraftAsync(DbSession session, Guid regionId, Guid field, string projectCode, DateTimeOffset now)
    {
        var row = new ProjectRow
        {
            Id = Guid.CreateVersion7(),
            RegionId = regionId,
            Code = projectCode,
            Title = title,
            Summary = summary,
            Category = EnumText.ToText(category),
            FieldOfActionId = field,
            CostSharingKey = EnumText.ToText(CostSharingKey.Equal),
            ProposedBy = proposedBy,
            Status = EnumText.ToText(ProjectStatus.Draft),
            SearchText = ProjectRules.SearchTextFor(projectCode, title, summary),
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await session.ExecuteAsync(ProjectsSql.Insert, row);
        foreach (var theme in themes)
        {
            await session.ExecuteAsync(ProjectsSql.InsertTheme, new { ProjectId = row.Id, ThemeId = theme });
        }

        await ProjectHistoryLog.RecordAsync(session, new ProjectHistoryEntry(row.Id, ProjectHistoryKinds.Created, Actor, now, ToStatus: row.Status));
        await ChangeLog.RecordAsync(session, new ChangeEntry(regionId, ProjectRules.EntityType, row.Id.ToString("D"), "created", Actor, now, new { code = row.Code }));
        return row;
    }

    private async Task<ProjectRow> WalkToStatusAsync(DbSession session, ProjectRow row, DateTimeOffset now)
    {
        foreach (var next in PathTo(status, leftFrom))
        {
            // Stand-in for the Lenkungskreis (a later issue): a made-up decision id lets the domain allow the moves
            // that only an adopted decision may make.
            Guid? decision = ProjectLifecycle.NeedsDecision(next) ? Guid.CreateVersion7() : null;
            row = await ProjectTransitions.ChangeStatusAsync(session, row, next, reason: null, Actor, now, decision);
        }

        return row;
    }

    /// <summary>The states to pass through after <c>draft</c>; the domain refuses a <paramref name="before"/> that cannot lead there.</summary>
    private static List<ProjectStatus> PathTo(ProjectStatus target, ProjectStatus? before)
    {
        var last = target switch
        {
            ProjectStatus.OnHold => before ?? ProjectStatus.Proposed,
            ProjectStatus.Discontinued => before ?? ProjectStatus.Draft,
            _ => target,
        };
        var stop = Array.IndexOf(MainLine, last);
        if (stop < 0)
        {
            throw new ArgumentException($"A project cannot be {target} after {last} in a test arrangement.", nameof(before));
        }

        var path = MainLine.Skip(1).Take(stop).ToList();
        if (last != target)
        {
            path.Add(target);
        }

        return path;
    }
}
