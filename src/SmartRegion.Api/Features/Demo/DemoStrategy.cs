using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Features.Strategy;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Demo;

/// <summary>
/// The strategy of the demo region: version <c>1.0</c> with the seed paper's vision and Leitbild (its six fields of
/// action and the example projects in its snapshot) and a few example values, goals and indicators, put into
/// consultation before LK 2025/1 and approved by that meeting's strategy decision; then a <c>1.1</c> created from it
/// with a few changes, in consultation with a few comments, and some example measurements. Every write goes through
/// the strategy use cases.
/// </summary>
internal static class DemoStrategy
{
    public const string FirstLabel = "1.0";
    public const string NextLabel = "1.1";
    private const string Actor = "demo-seed";

    private static readonly Guid Fibre = new("0195f3a0-7c1e-7000-8000-00000000a001");
    private static readonly Guid OnlineServices = new("0195f3a0-7c1e-7000-8000-00000000a002");
    private static readonly Guid ClimateData = new("0195f3a0-7c1e-7000-8000-00000000a003");

    /// <summary>Creates <c>1.0</c> and puts it into consultation, so that LK 2025/1 can approve it; null when the region already has a 1.0.</summary>
    public static async Task<Guid?> PrepareFirstVersionAsync(DbSession session, RegionRow region, DateTimeOffset now)
    {
        if (await StrategyAccess.FindByLabelAsync(session, region, FirstLabel) is not null)
        {
            return null;
        }

        var created = await StrategyVersionCreation.CreateAsync(session, region, new CreateStrategyVersionRequest
        {
            Slug = region.Slug,
            Label = FirstLabel,
            Vision = region.Vision ?? "Gemeinsam gestalten der Kreis Warendorf und seine 13 Städte und Gemeinden den digitalen Wandel – nachhaltig, innovativ und menschenzentriert.",
            Leitbild = "Digitalisierung ist für uns nicht nur ein technisches Werkzeug, sondern ein entscheidender Hebel, um die Region nachhaltig, innovativ und menschenzentriert weiterzuentwickeln.",
            Values =
            [
                new StrategyValueInput { Name = "Beispiel: Gemeinsam statt nebeneinander", Description = "Kreis und Kommunen vermeiden Doppelstrukturen und nutzen bestehende Netzwerke." },
                new StrategyValueInput { Name = "Beispiel: Menschenzentriert", Description = "Digitale Angebote richten sich nach den Menschen in Stadt und Land." },
                new StrategyValueInput { Name = "Beispiel: Nachhaltig", Description = "Digitalisierung unterstützt Klimaschutz und ressourcenschonende Steuerung." },
            ],
            Goals =
            [
                new StrategyGoalInput
                {
                    Title = "Beispiel: Flächendeckende digitale Infrastruktur",
                    Indicators = [new StrategyIndicatorInput { Id = Fibre, Name = "Beispiel: Haushalte mit Glasfaseranschluss", Unit = "%", Baseline = 38m, Target = 90m, TargetYear = 2030 }],
                },
                new StrategyGoalInput
                {
                    Title = "Beispiel: Verwaltungsleistungen digital anbieten",
                    Indicators = [new StrategyIndicatorInput { Id = OnlineServices, Name = "Beispiel: Online verfügbare Verwaltungsleistungen", Unit = "Anzahl", Baseline = 120m, Target = 400m, TargetYear = 2028 }],
                },
                new StrategyGoalInput
                {
                    Title = "Beispiel: Klimaschutz datenbasiert steuern",
                    Indicators = [new StrategyIndicatorInput { Id = ClimateData, Name = "Beispiel: Kommunen mit Klimadaten-Dashboard", Unit = "Anzahl", Baseline = 0m, Target = 14m, TargetYear = 2029 }],
                },
            ],
        }, Actor, now);
        DemoSeeder.Ensure(created.Failures, $"strategy version {FirstLabel}");
        var version = created.Version!;
        var consulted = await StrategyVersionTransition.MoveAsync(session, region,
            new TransitionStrategyVersionRequest { Slug = region.Slug, VersionId = version.Id, To = StrategyState.InConsultation }, Current(version), Actor, now);
        return consulted.Id;
    }

    /// <summary>
    /// Once <c>1.0</c> is approved: <c>1.1</c> from it, with changes, in consultation with three comments (one weighed),
    /// and example measurements. Nothing when <c>1.1</c> exists or <c>1.0</c> was never approved here.
    /// </summary>
    public static async Task SeedNextVersionAsync(DbSession session, RegionRow region, DateTimeOffset now)
    {
        if (await StrategyAccess.FindByLabelAsync(session, region, FirstLabel) is not { State: "approved" } first
            || await StrategyAccess.FindByLabelAsync(session, region, NextLabel) is not null)
        {
            return;
        }

        var created = await StrategyVersionCreation.CreateAsync(session, region,
            new CreateStrategyVersionRequest { Slug = region.Slug, Label = NextLabel, From = first.Id }, Actor, now);
        DemoSeeder.Ensure(created.Failures, $"strategy version {NextLabel}");
        var draft = created.Version!;
        var (values, goals) = StrategyContentInput.FromContent(StrategyContent.Parse(draft.Content));
        values.Add(new StrategyValueInput { Name = "Beispiel: Offen und datensouverän", Description = "Daten der Region bleiben in kommunaler Hand und werden, wo möglich, offen bereitgestellt." });
        goals[0].Indicators![0].Target = 95m;
        goals.Add(new StrategyGoalInput
        {
            Title = "Beispiel: Lebendige Innenstädte und Dorfmitten",
            Indicators = [new StrategyIndicatorInput { Name = "Beispiel: Ortskerne mit freiem WLAN", Unit = "Anzahl", Baseline = 3m, Target = 20m, TargetYear = 2028 }],
        });
        var edited = await StrategyVersionUpdate.ReplaceAsync(session, region, new UpdateStrategyVersionRequest
        {
            Slug = region.Slug,
            VersionId = draft.Id,
            Label = NextLabel,
            Vision = draft.Vision,
            Leitbild = draft.Leitbild,
            Values = values,
            Goals = goals,
        }, Current(draft), Actor, now);
        DemoSeeder.Ensure(edited.Failures, $"strategy version {NextLabel}");
        var consulted = await StrategyVersionTransition.MoveAsync(session, region,
            new TransitionStrategyVersionRequest { Slug = region.Slug, VersionId = draft.Id, To = StrategyState.InConsultation }, Current(edited.Version!), Actor, now);

        var stored = StrategyContent.Parse(consulted.Content);
        var fibreGoal = stored.Goals[0].Id;
        var weighed = await CommentAsync(session, region, now, consulted, CommentSection.Goal, fibreGoal, "05570004",
            "Beispiel: Die Stadt Ahlen regt an, das Ausbauziel für Glasfaser auf 95 % anzuheben, wie es der Entwurf vorsieht, und Gewerbegebiete vorrangig anzuschließen.");
        await CommentAsync(session, region, now, consulted, CommentSection.General, null, null,
            "Beispiel: Die Hochschule regt an, Datenkompetenz als Querschnittsziel aufzunehmen und Studierende in Reallaboren einzubinden.",
            onBehalfOf: "Beispiel: Fachhochschule Münster (Allianz für die Region)");
        await CommentAsync(session, region, now, consulted, CommentSection.Goal, stored.Goals[^1].Id, "05570052",
            "Beispiel: Die Stadt Warendorf bittet, neben freiem WLAN auch digitale Leerstandsbörsen als Indikator zu prüfen.");
        await StrategyCommentDisposal.DisposeAsync(session, region, new DisposeStrategyCommentRequest
        {
            Slug = region.Slug,
            CommentId = weighed.Id,
            Disposition = CommentDisposition.Accepted,
            Reason = "Beispiel: Das Ausbauziel von 95 % ist in Version 1.1 übernommen; Gewerbegebiete werden im Leitprojekt berücksichtigt.",
        }, new IfMatch(Any: false, [weighed.Version]), Actor, now);

        (Guid Indicator, DateOnly On, decimal Value, string Source)[] measurements =
        [
            (Fibre, new DateOnly(2024, 12, 31), 41m, "Beispiel: Breitbandatlas des Bundes"),
            (Fibre, new DateOnly(2025, 6, 30), 52m, "Beispiel: Breitbandatlas des Bundes"),
            (OnlineServices, new DateOnly(2025, 6, 30), 185m, "Beispiel: Portalverbund NRW"),
        ];
        foreach (var (indicator, on, value, source) in measurements)
        {
            var recorded = await MeasurementRecording.RecordAsync(session, region, new RecordMeasurementRequest
            {
                Slug = region.Slug,
                IndicatorId = indicator,
                MeasuredOn = on,
                Value = value,
                Source = source,
            }, Actor, now);
            DemoSeeder.Ensure(recorded.Failures, $"measurement of {indicator:D}");
        }
    }

    private static async Task<StrategyCommentRow> CommentAsync(
        DbSession session, RegionRow region, DateTimeOffset now, StrategyVersionRow version, CommentSection section, Guid? sectionId, string? ags, string text,
        string? onBehalfOf = null)
    {
        var submitted = await StrategyCommenting.SubmitAsync(session, region, new SubmitStrategyCommentRequest
        {
            Slug = region.Slug,
            VersionId = version.Id,
            Section = section,
            SectionId = sectionId,
            Text = text,
            OnBehalfOf = onBehalfOf,
        }, ags, Actor, now);
        DemoSeeder.Ensure(submitted.Failures, "strategy comment");
        return submitted.Comment!;
    }

    private static IfMatch Current(StrategyVersionRow version) => new(Any: false, [version.Version]);
}
