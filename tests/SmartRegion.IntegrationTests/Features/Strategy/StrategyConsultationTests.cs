using System.Net;
using System.Text;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Dashboard;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.Strategy;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Decisions;

namespace SmartRegion.IntegrationTests.Features.Strategy;

[Collection(SqliteCollection.Name)]
public sealed class StrategyConsultationTestsOnSqlite(SqliteApp app) : StrategyConsultationTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class StrategyConsultationTestsOnSqlServer(SqlServerApp app) : StrategyConsultationTests(app);

/// <summary>Consultation (Beteiligung) with dispositions that gate the approval, and evaluation by measured indicator values.</summary>
public abstract class StrategyConsultationTests
{
    private readonly SmartRegionApp app;

    protected StrategyConsultationTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Approval_is_409_naming_the_open_comments_until_every_comment_has_a_disposition()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, meeting, item) = await StrategyApi.HeldMeetingAsync(region);
        var ahlen = await region.MemberAsync(region.Ags("004"));
        var version = await StrategyApi.ConsultAsync(coordinator, region.Slug, await StrategyApi.CreateAsync(coordinator, region.Slug, StrategyApi.NewVersion("Beta")));
        var route = SubmitStrategyCommentRequest.BuildRoute(region.Slug, version.Id);

        var onGoal = await (await ahlen.PostJsonAsync(route, new SubmitStrategyCommentRequest
        {
            Section = CommentSection.Goal, SectionId = version.Goals[0].Id, Text = "Das Ausbauziel sollte „95 %“ lauten.",
        })).ReadAsync<StrategyCommentResponse>(HttpStatusCode.Created);
        var partner = await (await coordinator.PostJsonAsync(route, new SubmitStrategyCommentRequest
        {
            Section = CommentSection.General, Text = "Bitte Datenkompetenz als Ziel aufnehmen.", OnBehalfOf = "Fachhochschule Münster",
        })).ReadAsync<StrategyCommentResponse>(HttpStatusCode.Created);
        Assert.Equal((region.Ags("004"), (string?)null, (CommentDisposition?)null), (onGoal.AuthorAgs, onGoal.OnBehalfOf, onGoal.Disposition));
        Assert.Equal(((string?)null, "Fachhochschule Münster"), (partner.AuthorAgs, partner.OnBehalfOf));

        var refused = await (await StrategyApi.DecideAsync(coordinator, region, meeting, item, "LK-1", version.Id))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, StrategyLifecycle.OpenCommentsType);
        Assert.Contains("2 consultation comments have no disposition", refused.Detail, StringComparison.Ordinal);
        var disposed = await (await coordinator.SendJsonAsync(HttpMethod.Post, DisposeStrategyCommentRequest.BuildRoute(region.Slug, onGoal.Id),
            new DisposeStrategyCommentRequest { Disposition = CommentDisposition.Accepted, Reason = "Übernommen." }, onGoal.ETag())).ReadAsync<StrategyCommentResponse>();
        Assert.Equal((CommentDisposition.Accepted, "Übernommen.", 2), (disposed.Disposition!.Value, disposed.DispositionReason, disposed.Version));
        var stillOne = await (await StrategyApi.DecideAsync(coordinator, region, meeting, item, "LK-1", version.Id))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, StrategyLifecycle.OpenCommentsType);
        Assert.Contains("1 consultation comment has no disposition", stillOne.Detail, StringComparison.Ordinal);
        Assert.Empty(await DecisionApi.ListAsync(coordinator, region.Slug));
        Assert.Equal(StrategyState.InConsultation, (await StrategyApi.GetAsync(coordinator, region.Slug, version.Id)).State);

        await (await coordinator.SendJsonAsync(HttpMethod.Post, DisposeStrategyCommentRequest.BuildRoute(region.Slug, partner.Id),
            new DisposeStrategyCommentRequest { Disposition = CommentDisposition.PartlyAccepted, Reason = "Im Handlungsfeld genannt." }, partner.ETag()))
            .ReadAsync<StrategyCommentResponse>();
        await (await StrategyApi.DecideAsync(coordinator, region, meeting, item, "LK-1", version.Id)).ReadAsync<DecisionResponse>(HttpStatusCode.Created);
        Assert.Equal(StrategyState.Approved, (await StrategyApi.GetAsync(coordinator, region.Slug, version.Id)).State);

        // Once approved, the consultation is closed: no new comments, no revised dispositions.
        await (await ahlen.PostJsonAsync(route, new SubmitStrategyCommentRequest { Section = CommentSection.General, Text = "Zu spät." }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, StrategyLifecycle.NotInConsultationType);
        await (await coordinator.SendJsonAsync(HttpMethod.Post, DisposeStrategyCommentRequest.BuildRoute(region.Slug, onGoal.Id),
            new DisposeStrategyCommentRequest { Disposition = CommentDisposition.Noted, Reason = "Neu." }, disposed.ETag()))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, StrategyLifecycle.NotInConsultationType);
    }

    [Fact]
    public async Task Comments_are_listed_by_section_disposition_and_open_paged_and_as_csv_and_bad_ones_store_nothing()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await Meetings.MeetingApi.CreateKreisWarendorfMembersAsync(coordinator, region);
        var ahlen = await region.MemberAsync(region.Ags("004"));
        var draft = await StrategyApi.CreateAsync(coordinator, region.Slug, StrategyApi.NewVersion("Beta"));
        var route = SubmitStrategyCommentRequest.BuildRoute(region.Slug, draft.Id);
        await (await ahlen.PostJsonAsync(route, new SubmitStrategyCommentRequest { Section = CommentSection.General, Text = "Zu früh." }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, StrategyLifecycle.NotInConsultationType);
        var version = await StrategyApi.ConsultAsync(coordinator, region.Slug, draft);

        var onValue = await (await ahlen.PostJsonAsync(route, new SubmitStrategyCommentRequest { Section = CommentSection.Value, SectionId = version.Values[1].Id, Text = "Offenheit; Daten teilen." }))
            .ReadAsync<StrategyCommentResponse>(HttpStatusCode.Created);
        var general = await (await ahlen.PostJsonAsync(route, new SubmitStrategyCommentRequest { Section = CommentSection.General, Text = "Insgesamt gut." }))
            .ReadAsync<StrategyCommentResponse>(HttpStatusCode.Created);
        await (await coordinator.SendJsonAsync(HttpMethod.Post, DisposeStrategyCommentRequest.BuildRoute(region.Slug, general.Id),
            new DisposeStrategyCommentRequest { Disposition = CommentDisposition.Noted, Reason = "Zur Kenntnis genommen." }, general.ETag())).ReadAsync<StrategyCommentResponse>();

        var unknownSection = await ahlen.PostJsonAsync(route, new SubmitStrategyCommentRequest { Section = CommentSection.Goal, SectionId = Guid.CreateVersion7(), Text = "?" });
        var coordinatorWithoutPartner = await coordinator.PostJsonAsync(route, new SubmitStrategyCommentRequest { Section = CommentSection.General, Text = "?" });
        var memberForPartner = await ahlen.PostJsonAsync(route, new SubmitStrategyCommentRequest { Section = CommentSection.General, Text = "?", OnBehalfOf = "Jemand" });
        var reader = await region.ReaderAsync();
        Assert.Contains("sectionId", (await unknownSection.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("onBehalfOf", (await coordinatorWithoutPartner.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("onBehalfOf", (await memberForPartner.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        await (await reader.PostJsonAsync(route, new SubmitStrategyCommentRequest { Section = CommentSection.General, Text = "?" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        async Task<IReadOnlyList<Guid>> ListAsync(string query) =>
            (await (await reader.GetAsync(ListStrategyCommentsRequest.BuildRoute(region.Slug, version.Id) + query)).ReadAsync<Page<StrategyCommentResponse>>()).Items.Select(c => c.Id).ToList();
        Assert.Equal([onValue.Id, general.Id], await ListAsync(""));
        Assert.Equal([onValue.Id], await ListAsync("?open=true"));
        Assert.Equal([general.Id], await ListAsync("?open=false"));
        Assert.Equal([general.Id], await ListAsync("?disposition=noted"));
        Assert.Equal([onValue.Id], await ListAsync("?section=value"));
        Assert.Empty(await ListAsync("?section=project"));
        var first = await (await reader.GetAsync(ListStrategyCommentsRequest.BuildRoute(region.Slug, version.Id) + "?limit=1")).ReadAsync<Page<StrategyCommentResponse>>();
        Assert.Equal(onValue.Id, Assert.Single(first.Items).Id);
        Assert.Equal([general.Id], await ListAsync($"?limit=1&cursor={first.NextCursor}"));

        var csvRequest = new HttpRequestMessage(HttpMethod.Get, ListStrategyCommentsRequest.BuildRoute(region.Slug, version.Id) + "?open=true");
        csvRequest.Headers.Accept.ParseAdd("text/csv");
        var csv = await reader.SendAsync(csvRequest);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("createdAt;section;sectionId;authorAgs;onBehalfOf;text;disposition;dispositionReason;disposedAt;id", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains($";value;{version.Values[1].Id:D};{region.Ags("004")};;Offenheit; Daten teilen.;", lines[1].Replace("\"Offenheit; Daten teilen.\"", "Offenheit; Daten teilen.", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Measurements_show_each_indicator_and_goal_progress_clamped_on_the_strategy_read_and_the_dashboard()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, meeting, item) = await StrategyApi.HeldMeetingAsync(region);
        var version = await StrategyApi.ConsultAsync(coordinator, region.Slug, await StrategyApi.CreateAsync(coordinator, region.Slug, StrategyApi.NewVersion("1.0")));
        await (await StrategyApi.DecideAsync(coordinator, region, meeting, item, "LK-1", version.Id)).ReadAsync<DecisionResponse>(HttpStatusCode.Created);
        var fibre = version.Goals[0].Indicators[0].Id;   // 40 → 90 %
        var commuting = version.Goals[1].Indicators[0].Id; // 1000 → 600 km, a reduction
        Assert.All(version.Goals, goal => Assert.Null(goal.ProgressPercent));

        async Task<MeasurementResponse> MeasureAsync(Guid indicator, DateOnly on, decimal value) =>
            await (await coordinator.PostJsonAsync(RecordMeasurementRequest.BuildRoute(region.Slug, indicator),
                new RecordMeasurementRequest { MeasuredOn = on, Value = value, Source = "Beispiel: Breitbandatlas", Note = "Stichtag" })).ReadAsync<MeasurementResponse>(HttpStatusCode.Created);
        await MeasureAsync(fibre, new DateOnly(2025, 6, 30), 65m);
        await MeasureAsync(fibre, new DateOnly(2024, 12, 31), 50m); // older: not the latest
        await MeasureAsync(commuting, new DateOnly(2025, 6, 30), 1100m); // the wrong way: 0 %
        var unknown = await coordinator.PostJsonAsync(RecordMeasurementRequest.BuildRoute(region.Slug, Guid.CreateVersion7()),
            new RecordMeasurementRequest { MeasuredOn = new DateOnly(2025, 1, 1), Value = 1m, Source = "x" });
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var future = await coordinator.PostJsonAsync(RecordMeasurementRequest.BuildRoute(region.Slug, fibre),
            new RecordMeasurementRequest { MeasuredOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2), Value = 1m, Source = "x" });
        Assert.Contains("measuredOn", (await future.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);

        var reader = await region.ReaderAsync();
        var strategy = await (await reader.GetAsync(GetStrategyRequest.BuildRoute(region.Slug))).ReadAsync<StrategyVersionResponse>();
        var fibreRead = strategy.Goals[0].Indicators[0];
        Assert.Equal((new IndicatorMeasurementSummary(new DateOnly(2025, 6, 30), 65m), (int?)50, (int?)50), (fibreRead.LatestMeasurement, fibreRead.ProgressPercent, strategy.Goals[0].ProgressPercent));
        Assert.Equal(((int?)0, (int?)0), (strategy.Goals[1].Indicators[0].ProgressPercent, strategy.Goals[1].ProgressPercent));

        await MeasureAsync(commuting, new DateOnly(2025, 9, 30), 500m); // beyond the target: 100 %
        var measurements = (await (await reader.GetAsync(ListMeasurementsRequest.BuildRoute(region.Slug, commuting))).ReadAsync<Page<MeasurementResponse>>()).Items;
        Assert.Equal([1100m, 500m], measurements.Select(m => m.Value));
        var dashboard = await (await reader.GetAsync(GetDashboardRequest.BuildRoute(region.Slug))).ReadAsync<DashboardResponse>();
        Assert.Equal((version.Id, "1.0"), (dashboard.Strategy!.VersionId, dashboard.Strategy.Label));
        Assert.Equal([(int?)50, 100], dashboard.Strategy.Goals.Select(goal => goal.ProgressPercent));
    }
}
