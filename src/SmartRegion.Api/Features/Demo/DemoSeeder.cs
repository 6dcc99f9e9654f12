using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Features.Themes;

namespace SmartRegion.Api.Features.Demo;

/// <summary>
/// Loads the demo region of domain.md (Kreis Warendorf, its 13 municipalities, six fields of action, four themes and
/// 24 example projects with participations and funding, and the Lenkungskreis story of <see cref="DemoCommittee"/> that
/// adopted some of them). Safe to repeat: what exists is left alone, what is missing is added. Each run issues a fresh demo coordinator key and revokes the previous one.
/// </summary>
public sealed class DemoSeeder(SmartRegionDb db, Clock clock, ApiKeyStore keys)
{
    public const string RegionSlug = "kreis-warendorf";
    private const string DemoKeyLabel = "demo coordinator";
    private const string Actor = "demo-seed";

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
                if (await session.QuerySingleOrDefaultAsync<RegionRow>(RegionsSql.GetBySlug, new { Slug = RegionSlug }) is not null)
                {
                    return;
                }

                var region = new RegionRow
                {
                    Id = Guid.CreateVersion7(),
                    Slug = RegionSlug,
                    Name = "Smart Region Kreis Warendorf",
                    KreisKey = "05570",
                    Vision = "Gemeinsam gestalten der Kreis Warendorf und seine 13 Städte und Gemeinden den digitalen Wandel – nachhaltig, innovativ und menschenzentriert.",
                    Version = 1,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                await session.ExecuteAsync(CreateRegionEndpoint.Sql.Insert, region);
                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, "region", region.Slug, "created", Actor, now));
                foreach (var (ags, kind, name, population) in Members)
                {
                    await MembersSql.InsertAsync(session, MemberRow.New(region.Id, ags, kind, name, population, now), Actor);
                }

                for (var i = 0; i < FieldsOfAction.Length; i++)
                {
                    await FieldsOfActionSql.InsertAsync(
                        session,
                        new FieldOfActionRow
                        {
                            Id = Guid.CreateVersion7(),
                            RegionId = region.Id,
                            Name = FieldsOfAction[i],
                            Position = i + 1,
                            Version = 1,
                            CreatedAt = now,
                            UpdatedAt = now,
                        },
                        Actor);
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
        var region = await session.QuerySingleOrDefaultAsync<RegionRow>(RegionsSql.GetBySlug, new { Slug = RegionSlug })
            ?? throw new InvalidOperationException("The demo region is missing.");
        var committeeSeeded = await DemoCommittee.IsSeededAsync(session, region.Id);
        await SeedProjectsAsync(session, region, now);
        if (!committeeSeeded)
        {
            await DemoCommittee.SeedAsync(session, region.Id, Members.Select(member => member.Ags).ToList(), now);
        }
    }

    /// <summary>
    /// Adds the missing example projects through the use cases of <c>createProject</c> and <c>addFundingSource</c>,
    /// where the Lenkungskreis story begins (proposed, the promoted one still a Potentialprojekt): only its decisions
    /// move them further. A project added after the story was told stays there, as a new proposal would.
    /// </summary>
    private static async Task SeedProjectsAsync(DbSession session, RegionRow region, DateTimeOffset now)
    {
        var fields = (await session.QueryAsync<FieldOfActionRow>(FieldsOfActionSql.ListAll, new { RegionId = region.Id })).ToList();
        var themeIds = new List<Guid>();
        foreach (var name in Themes)
        {
            var id = await session.QuerySingleOrDefaultAsync<Guid?>(ThemesSql.IdByNameKey, new { RegionId = region.Id, NameKey = TextKeys.ForName(name) });
            if (id is null)
            {
                var theme = new ThemeRow { Id = Guid.CreateVersion7(), RegionId = region.Id, Name = name, NameKey = TextKeys.ForName(name), Version = 1, CreatedAt = now, UpdatedAt = now };
                await ThemesSql.InsertAsync(session, theme, Actor);
                id = theme.Id;
            }

            themeIds.Add(id.Value);
        }

        foreach (var example in DemoProjects.All)
        {
            if (await session.QuerySingleOrDefaultAsync<Guid?>(ProjectRules.Sql.IdByCode, new { RegionId = region.Id, example.Code }) is not null)
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
            var outcome = await ProjectCreation.CreateAsync(session, region, request, example.ProposedBy, Actor, now, "Beispieldaten (--seed-demo)");
            var project = outcome.Project?.Project
                ?? throw new InvalidOperationException($"The demo project {example.Code} is invalid: {string.Join(" ", outcome.Failures.Select(failure => failure.ErrorMessage))}");
            await SeedParticipationsAsync(session, project, now);
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

    private static async Task SeedParticipationsAsync(DbSession session, ProjectRow project, DateTimeOffset now)
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
            // Withdrawn members had committed before they stepped back; their resolution stays on record.
            var resolved = state is ParticipationState.Committed or ParticipationState.Withdrawn;
            var row = new ParticipationRow
            {
                Id = Guid.CreateVersion7(),
                RegionId = project.RegionId,
                ProjectId = project.Id,
                Ags = ags,
                Role = EnumText.ToText(role),
                State = EnumText.ToText(state),
                ContactName = $"Digitalisierungsbeauftragte(r) {name}",
                StaffFte = role == ParticipationRole.Observer ? null : 0.25m,
                CustomPercent = customPercent,
                Note = state == ParticipationState.PendingCouncil ? "Beispiel: Beschlussvorlage liegt dem Rat vor." : null,
                ResolutionBody = resolved ? DemoProjects.CouncilOf(ags, name) : null,
                ResolutionDate = resolved ? new DateOnly(2025, 6, 1).AddDays(number * 7) : null,
                ResolutionReference = resolved ? $"VL-{10 + number}/2025" : null,
                Version = 1,
                CreatedAt = now,
                UpdatedAt = now,
            };
            await session.ExecuteAsync(ParticipationsSql.Insert, row);
            await ParticipationHistoryLog.RecordAsync(
                session,
                row,
                new ParticipationHistoryEntry(row.Id, ParticipationHistoryKinds.Created, Actor, now, ToState: row.State, Reason: "Beispieldaten (--seed-demo)"),
                new { role = row.Role, state = row.State });
        }
    }
}
