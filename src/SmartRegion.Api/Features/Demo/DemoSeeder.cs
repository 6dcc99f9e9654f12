using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Features.Themes;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Demo;

/// <summary>
/// Loads the demo region of domain.md (Kreis Warendorf, its 13 municipalities, six fields of action, four themes and
/// 24 example projects with participations and funding, and the Lenkungskreis story of <see cref="DemoCommittee"/> that
/// adopted some of them and approved the strategy of <see cref="DemoStrategy"/>, and the status reports of <see cref="DemoStatusReports"/> for those running). Safe to repeat: what exists is left alone, what is missing is added. Each run issues a fresh demo coordinator key and revokes the previous one.
/// </summary>
public sealed class DemoSeeder(SmartRegionDb db, Clock clock, ApiKeyStore keys)
{
    public const string RegionSlug = "kreis-warendorf";
    private const string DemoKeyLabel = "demo coordinator";
    private const string Actor = "demo-seed";
    private const string SeedReason = "Beispieldaten (--seed-demo)";

    // Kreis Warendorf and its 13 municipalities (domain.md). Populations are rounded example figures.
    private static readonly (string Ags, MemberKind Kind, string Name, int Population)[] Members =
    [
        ("05570000", MemberKind.District, "Kreis Warendorf", 280_000),
        ("05570004", MemberKind.Municipality, "Ahlen", 52_000),
        ("05570008", MemberKind.Municipality, "Beckum", 36_000),
        ("05570012", MemberKind.Municipality, "Beelen", 6_000),
        ("05570016", MemberKind.Municipality, "Drensteinfurt", 15_500),
        ("05570020", MemberKind.Municipality, "Ennigerloh", 19_500),
        ("05570024", MemberKind.Municipality, "Everswinkel", 9_500),
        ("05570028", MemberKind.Municipality, "Oelde", 29_000),
        ("05570032", MemberKind.Municipality, "Ostbevern", 11_000),
        ("05570036", MemberKind.Municipality, "Sassenberg", 14_500),
        ("05570040", MemberKind.Municipality, "Sendenhorst", 13_500),
        ("05570044", MemberKind.Municipality, "Telgte", 20_000),
        ("05570048", MemberKind.Municipality, "Wadersloh", 12_500),
        ("05570052", MemberKind.Municipality, "Warendorf", 37_500),
    ];

    // The six Handlungsfelder of the seed paper, in its order.
    private static readonly string[] FieldsOfAction =
    [
        "Digitale Infrastruktur",
        "Klimaschutz, Mobilität & Umwelt",
        "Familie, Bildung & Lebensqualität",
        "Verwaltung",
        "Wirtschaft & Arbeit",
        "Innenstadt & Dorfmitte",
    ];

    // Querschnittsthemen; each example project carries the one of its field of action (index = field position - 1).
    private static readonly string[] Themes = ["Daten", "Nachhaltigkeit", "Beteiligung", "Sicherheit"];
    private static readonly int[] ThemeOfField = [0, 1, 2, 3, 0, 2];

    public async Task<string> SeedAsync(CancellationToken ct)
    {
        var now = clock.Now();
        await db.InTransactionAsync(
            async session =>
            {
                if (await RegionAccess.FindAsync(session, RegionSlug) is not null)
                {
                    return;
                }

                var region = await RegionCreation.CreateAsync(session, new CreateRegionRequest
                {
                    Slug = RegionSlug,
                    Name = "Smart Region Kreis Warendorf",
                    KreisKey = "05570",
                    Vision = "Gemeinsam gestalten der Kreis Warendorf und seine 13 Städte und Gemeinden den digitalen Wandel – nachhaltig, innovativ und menschenzentriert.",
                    // An example value, not a decision of the Kreis: under the population key the Kreis carries half of
                    // the projects it takes part in, so LP-01, LP-04 and LP-12 can be split.
                    DistrictSharePercent = 50.00m,
                }, Actor, now);
                foreach (var (ags, kind, name, population) in Members)
                {
                    var member = await MemberCreation.CreateAsync(session, region, new CreateMemberRequest { Slug = RegionSlug, Ags = ags, Kind = kind, Name = name, Population = population }, Actor, now);
                    Ensure(member.Failures, $"member {ags}");
                }

                // Appended in the seed paper's order, so their positions are 1 to 6.
                foreach (var name in FieldsOfAction)
                {
                    await FieldOfActionCreation.CreateAsync(session, region, new CreateFieldOfActionRequest { Slug = RegionSlug, Name = name }, Actor, now);
                }
            },
            ct);

        await db.InTransactionAsync(session => SeedProjectsAndCommitteeAsync(session, now), ct);
        await keys.RevokeByLabelAsync(DemoKeyLabel, ct);
        var created = await keys.CreateAsync(RoleNames.Coordinator, RegionSlug, ags: null, DemoKeyLabel, ct);
        return created.Key;
    }

    // One transaction, so that the projects never stay at the story's start without the decisions that move them.
    private static async Task SeedProjectsAndCommitteeAsync(DbSession session, DateTimeOffset now)
    {
        var region = await RegionAccess.FindAsync(session, RegionSlug)
            ?? throw new InvalidOperationException("The demo region is missing.");
        var committeeSeeded = await DemoCommittee.IsSeededAsync(session, region.Id);
        await SeedProjectsAsync(session, region, now);
        if (!committeeSeeded)
        {
            // The strategy goes into consultation before LK 2025/1, whose strategy decision approves it.
            var strategyVersionId = await DemoStrategy.PrepareFirstVersionAsync(session, region, now);
            await DemoCommittee.SeedAsync(session, region, Members.Select(member => member.Ags).ToList(), strategyVersionId, now);
        }

        await DemoStrategy.SeedNextVersionAsync(session, region, now);

        await DemoStatusReports.SeedAsync(session, region, now);
    }

    /// <summary>
    /// Adds the missing example projects through the use cases of <c>createProject</c> and <c>addFundingSource</c>,
    /// where the Lenkungskreis story begins (proposed, the promoted one still a Potentialprojekt): only its decisions
    /// move them further. A project added after the story was told stays there, as a new proposal would.
    /// </summary>
    private static async Task SeedProjectsAsync(DbSession session, RegionRow region, DateTimeOffset now)
    {
        var fields = await FieldOfActionAccess.ListAsync(session, region);
        var themeIds = new List<Guid>();
        foreach (var name in Themes)
        {
            var id = await ThemeAccess.FindIdByNameAsync(session, region, name)
                ?? (await ThemeCreation.CreateAsync(session, region, new CreateThemeRequest { Slug = region.Slug, Name = name }, Actor, now)).Id;
            themeIds.Add(id);
        }

        foreach (var example in DemoProjects.All)
        {
            if (await ProjectAccess.FindByCodeAsync(session, region.Id, example.Code) is not null)
            {
                continue;
            }

            var field = fields.Single(candidate => candidate.Position == example.Field);
            var request = new CreateProjectRequest
            {
                Slug = region.Slug,
                Code = example.Code,
                Title = example.Title,
                Summary = example.Summary,
                Category = DemoCommittee.StartCategory(example),
                FieldOfActionId = field.Id,
                Themes = [themeIds[ThemeOfField[example.Field - 1]]],
                PlannedStart = new DateOnly(2026, 1, 1).AddMonths(example.Field * 2),
                PlannedEnd = new DateOnly(2027, 12, 31).AddMonths(example.Field * 2),
                EstimatedCost = example.EstimatedCost,
                CostSharingKey = example.Key,
                ProposedBy = example.ProposedBy,
                Status = DemoCommittee.StartStatus(example),
            };
            var outcome = await ProjectCreation.CreateAsync(session, region, request, example.ProposedBy, Actor, now, SeedReason);
            var project = outcome.Project?.Project
                ?? throw new InvalidOperationException($"The demo project {example.Code} is invalid: {string.Join(" ", outcome.Failures.Select(failure => failure.ErrorMessage))}");
            await SeedParticipationsAsync(session, region, project, now);
            if (example.Funding is { } funding)
            {
                await FundingAddition.AddAsync(session, project, new AddFundingSourceRequest
                {
                    Slug = region.Slug,
                    Id = project.Id,
                    Programme = funding.Programme,
                    FundingBody = funding.FundingBody,
                    Amount = funding.Amount,
                    Status = funding.Status,
                    DecisionDate = funding.Status is FundingStatus.Granted or FundingStatus.Rejected ? new DateOnly(2025, 9, 15) : null,
                    Reference = funding.Status is FundingStatus.Planned ? null : $"FB-{example.Code}",
                }, Actor, now);
            }
        }
    }

    /// <summary>
    /// Each member joins through the use cases of <c>putParticipation</c> and <c>transitionParticipation</c>: it
    /// starts interested and moves on to where the example shows it, so its history tells how it got there.
    /// </summary>
    private static async Task SeedParticipationsAsync(DbSession session, RegionRow region, ProjectRow project, DateTimeOffset now)
    {
        if (!DemoProjects.Participations.TryGetValue(project.Code, out var participations))
        {
            return;
        }

        var number = 0;
        foreach (var (ags, role, state, customPercent) in participations)
        {
            number++;
            var name = Members.Single(member => member.Ags == ags).Name;
            var put = await ParticipationUpsert.PutAsync(session, region, project, new PutParticipationRequest
            {
                Slug = region.Slug,
                ProjectId = project.Id,
                Ags = ags,
                Role = role,
                Contact = new ParticipationContactInput { Name = $"Digitalisierungsbeauftragte(r) {name}" },
                StaffFte = role == ParticipationRole.Observer ? null : 0.25m,
                CustomPercent = customPercent,
                Note = state == ParticipationState.PendingCouncil ? "Beispiel: Beschlussvorlage liegt dem Rat vor." : null,
            }, expectedVersion: null, Actor, now, SeedReason);
            Ensure(put.Failures, $"participation of {ags} in {project.Code}");
            var participation = put.Participation!;

            // Withdrawn members had committed before they stepped back; their resolution stays on record.
            ParticipationState[] path = state switch
            {
                ParticipationState.PendingCouncil => [ParticipationState.PendingCouncil],
                ParticipationState.Committed => [ParticipationState.PendingCouncil, ParticipationState.Committed],
                ParticipationState.Withdrawn => [ParticipationState.PendingCouncil, ParticipationState.Committed, ParticipationState.Withdrawn],
                _ => [],
            };
            foreach (var to in path)
            {
                var moved = await ParticipationTransition.MoveAsync(session, region, project, new TransitionParticipationRequest
                {
                    Slug = region.Slug,
                    ProjectId = project.Id,
                    Ags = ags,
                    To = to,
                    Reason = SeedReason,
                    CouncilResolution = to == ParticipationState.Committed
                        ? new CouncilResolutionInput { Body = DemoProjects.CouncilOf(ags, name), Date = new DateOnly(2025, 6, 1).AddDays(number * 7), Reference = $"VL-{10 + number}/2025" }
                        : null,
                }, new IfMatch(Any: false, [participation.Version]), Actor, now);
                Ensure(moved.Failures, $"participation of {ags} in {project.Code}");
                participation = moved.Participation!;
            }
        }
    }

    /// <summary>Demo data the use cases refuse is a bug of the seed, not of the caller.</summary>
    internal static void Ensure(IReadOnlyList<FluentValidation.Results.ValidationFailure> failures, string what)
    {
        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"The demo {what} is invalid: {string.Join(" ", failures.Select(failure => failure.ErrorMessage))}");
        }
    }
}
