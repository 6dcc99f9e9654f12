using System.Globalization;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Features.Themes;
using SmartRegion.Api.Http;

namespace SmartRegion.Benchmarks;

/// <summary>How big the benchmark's dataset is; every region gets the same share.</summary>
public sealed record DatasetSize(int Regions, int Projects, int Participations, int Decisions)
{
    /// <summary>A couple of minutes on a 2-core machine.</summary>
    public static DatasetSize Small => new(40, 4_000, 20_000, 2_000);

    /// <summary>The size of issue 14.</summary>
    public static DatasetSize Full => new(400, 40_000, 200_000, 20_000);

    public DatasetSize Times(int factor) => new(Regions * factor, Projects * factor, Participations * factor, Decisions * factor);

    public int ProjectsPerRegion => Projects / Regions;

    public int DecisionsPerRegion => Decisions / Regions;

    /// <summary>Participations per project, at most one per member.</summary>
    public int ParticipationsPerProject => Participations / Projects;

    /// <summary>A district and enough municipalities for every participation of a project, at least 4.</summary>
    public int MembersPerRegion => Math.Max(5, ParticipationsPerProject + 1);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Regions:N0} regions, {Projects:N0} projects, {Participations:N0} participations, {Decisions:N0} decisions");
}

/// <summary>What the load loop needs of the loaded data: the benchmarked region, its key and ids to address.</summary>
public sealed record LoadedDataset(
    string Slug, string CoordinatorKey, IReadOnlyList<Guid> ProjectIds, IReadOnlyList<(Guid ProjectId, string Ags)> Participations,
    Guid MeetingId, Guid AgendaItemId, IReadOnlyList<string> Seats);

/// <summary>
/// Loads the benchmark's dataset through the use cases the endpoints run (as the demo seeder does): regions, members,
/// a field of action and a theme, projects, participations, a held meeting with attendance and decisions. One
/// transaction per region, so a region is there whole or not at all. Returns what the load loop addresses in the
/// first region (<c>bench-0000</c>) and a coordinator key of that region.
/// </summary>
public sealed class BulkLoader(SmartRegionDb db, Clock clock, ApiKeyStore keys)
{
    private const string Actor = "benchmark-loader";
    public const string FirstRegionSlug = "bench-0000";

    // Words of titles and summaries, so that the text search has something to find and to miss.
    private static readonly string[] Words =
        ["Glasfaser", "Mobilität", "Bürgerportal", "Sensornetz", "Schule", "Radweg", "Klimadaten", "Ehrenamt", "Wärmeplanung", "Dorfmitte", "Gründer", "Open Data"];

    public static string RegionSlug(int index) => string.Create(CultureInfo.InvariantCulture, $"bench-{index:D4}");

    public async Task<LoadedDataset> LoadAsync(DatasetSize size, Action<string>? progress, CancellationToken ct)
    {
        LoadedDataset? first = null;
        var now = clock.Now();
        for (var index = 0; index < size.Regions; index++)
        {
            var loaded = await db.InTransactionAsync(session => LoadRegionAsync(session, index, size, now), ct);
            first ??= loaded;
            if (progress is not null && (index + 1) % Math.Max(1, size.Regions / 10) == 0)
            {
                progress($"{index + 1}/{size.Regions} regions loaded");
            }
        }

        var key = await keys.CreateAsync(RoleNames.Coordinator, FirstRegionSlug, ags: null, "benchmark coordinator", ct);
        return first! with { CoordinatorKey = key.Key };
    }

    private static async Task<LoadedDataset> LoadRegionAsync(DbSession session, int index, DatasetSize size, DateTimeOffset now)
    {
        // Kreis keys 10000…: five digits, one per region, so up to 90,000 regions.
        var kreisKey = (10_000 + index).ToString(CultureInfo.InvariantCulture);
        var region = await RegionCreation.CreateAsync(session, new CreateRegionRequest
        {
            Slug = RegionSlug(index),
            Name = $"Benchmark-Region {index}",
            KreisKey = kreisKey,
            Vision = "Lastprofil für den Benchmark.",
        }, Actor, now);
        var seats = new List<string>();
        for (var m = 0; m < size.MembersPerRegion; m++)
        {
            var ags = kreisKey + (m * 4).ToString("D3", CultureInfo.InvariantCulture);
            var member = await MemberCreation.CreateAsync(session, region, new CreateMemberRequest
            {
                Slug = region.Slug,
                Ags = ags,
                Kind = m == 0 ? MemberKind.District : MemberKind.Municipality,
                Name = m == 0 ? $"Kreis {index}" : $"Gemeinde {index}-{m}",
                Population = 5_000 + (m * 1_000),
            }, Actor, now);
            Ensure(member.Failures, $"member {ags}");
            seats.Add(ags);
        }

        var field = await FieldOfActionCreation.CreateAsync(session, region, new CreateFieldOfActionRequest { Slug = region.Slug, Name = "Digitale Infrastruktur" }, Actor, now);
        var theme = await ThemeCreation.CreateAsync(session, region, new CreateThemeRequest { Slug = region.Slug, Name = "Daten" }, Actor, now);

        var projectIds = new List<Guid>();
        var participations = new List<(Guid, string)>();
        for (var p = 0; p < size.ProjectsPerRegion; p++)
        {
            var word = Words[p % Words.Length];
            var outcome = await ProjectCreation.CreateAsync(session, region, new CreateProjectRequest
            {
                Slug = region.Slug,
                Code = string.Create(CultureInfo.InvariantCulture, $"LP-{p:D5}"),
                Title = $"{word} im Verbund {p}",
                Summary = $"Gemeinsames Vorhaben {p} der Region zu {word} und {Words[(p + 5) % Words.Length]}.",
                Category = p % 3 == 0 ? ProjectCategory.Potential : ProjectCategory.Lead,
                FieldOfActionId = field.Id,
                Themes = [theme.Id],
                PlannedStart = new DateOnly(2026, 1, 1),
                PlannedEnd = new DateOnly(2027, 12, 31),
                EstimatedCost = 100_000m + (p * 1_000m),
                CostSharingKey = CostSharingKey.Equal,
                ProposedBy = seats[p % seats.Count],
                Status = ProjectStatus.Proposed,
            }, seats[p % seats.Count], Actor, now);
            var project = outcome.Project?.Project ?? throw Refused(outcome.Failures, $"project {p} of {region.Slug}");
            projectIds.Add(project.Id);
            for (var j = 0; j < size.ParticipationsPerProject; j++)
            {
                var ags = seats[1 + ((p + j) % (seats.Count - 1))];
                var put = await ParticipationUpsert.PutAsync(session, region, project, new PutParticipationRequest
                {
                    Slug = region.Slug,
                    ProjectId = project.Id,
                    Ags = ags,
                    Role = ParticipationRole.Partner,
                    Contact = new ParticipationContactInput { Name = $"Digitalbeauftragte(r) {ags}" },
                    StaffFte = 0.25m,
                }, expectedVersion: null, Actor, now);
                Ensure(put.Failures, $"participation of {ags} in {project.Code}");
                participations.Add((project.Id, ags));
            }
        }

        var (meetingId, itemId) = await LoadDecisionsAsync(session, region, seats, size.DecisionsPerRegion, now);
        return new LoadedDataset(region.Slug, string.Empty, projectIds, participations, meetingId, itemId, seats);
    }

    /// <summary>One held meeting with every seat present and one agenda item that carries the region's decisions.</summary>
    private static async Task<(Guid MeetingId, Guid AgendaItemId)> LoadDecisionsAsync(
        DbSession session, RegionRow region, IReadOnlyList<string> seats, int decisions, DateTimeOffset now)
    {
        var startsAt = new DateTimeOffset(2025, 3, 12, 13, 0, 0, TimeSpan.Zero);
        var planned = await MeetingPlanning.PlanAsync(session, region, new CreateMeetingRequest
        {
            Slug = region.Slug,
            Number = "LK 2025/1",
            Title = "Sitzung des Lenkungskreises",
            StartsAt = startsAt,
            EndsAt = startsAt.AddHours(2),
            Location = "Kreishaus",
            InvitationDate = new DateOnly(2025, 2, 26),
        }, Actor, now);
        var added = await AgendaItemAddition.AddAsync(session, region, planned.Meeting, new AddAgendaItemRequest
        {
            Slug = region.Slug,
            Id = planned.Meeting.Id,
            Number = "TOP 1",
            Title = "Beschlüsse",
            IsPublic = true,
            ProjectIds = [],
        }, Actor, now);
        Ensure(added.Failures, $"agenda item of {region.Slug}");
        var whole = await MeetingRules.ReloadAsync(session, planned.Meeting);
        var held = await MeetingTransition.ApplyAsync(session, whole, new TransitionMeetingRequest { Slug = region.Slug, Id = whole.Meeting.Id, To = MeetingState.Held },
            new IfMatch(Any: true, []), Actor, now);
        var attended = await AttendanceRecording.RecordAsync(session, held, new RecordAttendanceRequest
        {
            Slug = region.Slug,
            Id = held.Meeting.Id,
            Entries = seats.Select(ags => new AttendanceEntryInput { Ags = ags, Status = AttendanceStatus.Present, DelegateName = $"Delegierte(r) {ags}" }).ToList(),
        }, new IfMatch(Any: true, []), Actor, now);
        Ensure(attended.Failures, $"attendance of {region.Slug}");

        for (var d = 0; d < decisions; d++)
        {
            var recorded = await DecisionRecording.RecordAsync(session, region, new RecordDecisionRequest
            {
                Slug = region.Slug,
                MeetingId = held.Meeting.Id,
                AgendaItemId = added.Item!.Id,
                Reference = string.Create(CultureInfo.InvariantCulture, $"LK-2025/1-{d + 1}"),
                Title = $"Beschluss {d + 1}",
                Text = $"Der Lenkungskreis beschließt Punkt {d + 1}.",
                Type = DecisionType.General,
                Votes = seats.Select(ags => new VoteInput { Ags = ags, Vote = VoteChoice.Yes }).ToList(),
            }, Actor, now, startsAt.AddMinutes(10));
            Ensure(recorded.Failures, $"decision {d + 1} of {region.Slug}");
        }

        return (held.Meeting.Id, added.Item!.Id);
    }

    private static void Ensure(IReadOnlyList<FluentValidation.Results.ValidationFailure> failures, string what)
    {
        if (failures.Count > 0)
        {
            throw Refused(failures, what);
        }
    }

    private static InvalidOperationException Refused(IReadOnlyList<FluentValidation.Results.ValidationFailure> failures, string what) =>
        new($"The benchmark's {what} was refused: {string.Join(" ", failures.Select(failure => failure.ErrorMessage))}");
}
