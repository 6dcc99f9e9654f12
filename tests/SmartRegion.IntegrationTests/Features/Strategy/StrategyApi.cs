using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.Strategy;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Decisions;
using SmartRegion.IntegrationTests.Features.Meetings;

namespace SmartRegion.IntegrationTests.Features.Strategy;

/// <summary>Builds strategy bodies and drives versions, consultation and approval for the strategy tests.</summary>
public static class StrategyApi
{
    public static CreateStrategyVersionRequest NewVersion(string label) => new()
    {
        Label = label,
        Vision = "Gemeinsam gestalten wir den digitalen Wandel – nachhaltig und menschenzentriert.",
        Leitbild = "Beispiel: Digitalisierung dient den Menschen in Stadt und Land.",
        Values =
        [
            new StrategyValueInput { Name = "Gemeinwohl", Description = "Beispiel: Angebote für alle." },
            new StrategyValueInput { Name = "Offenheit" },
        ],
        Goals =
        [
            new StrategyGoalInput
            {
                Title = "Beispiel: Glasfaser für alle Haushalte",
                Indicators = [new StrategyIndicatorInput { Name = "Haushalte mit Glasfaser", Unit = "%", Baseline = 40m, Target = 90m, TargetYear = 2030 }],
            },
            new StrategyGoalInput
            {
                Title = "Beispiel: Weniger Pendelverkehr",
                Indicators = [new StrategyIndicatorInput { Name = "Pendlerkilometer pro Tag", Unit = "km", Baseline = 1000m, Target = 600m, TargetYear = 2030 }],
            },
        ],
    };

    public static async Task<StrategyVersionResponse> CreateAsync(HttpClient coordinator, string slug, CreateStrategyVersionRequest body) =>
        await (await coordinator.PostJsonAsync(CreateStrategyVersionRequest.BuildRoute(slug), body)).ReadAsync<StrategyVersionResponse>(HttpStatusCode.Created);

    public static async Task<StrategyVersionResponse> GetAsync(HttpClient client, string slug, Guid id) =>
        await (await client.GetAsync(GetStrategyVersionRequest.BuildRoute(slug, id))).ReadAsync<StrategyVersionResponse>();

    public static async Task<StrategyVersionResponse> ConsultAsync(HttpClient coordinator, string slug, StrategyVersionResponse version) =>
        await (await coordinator.SendJsonAsync(HttpMethod.Post, TransitionStrategyVersionRequest.BuildRoute(slug, version.Id),
            new TransitionStrategyVersionRequest { To = StrategyState.InConsultation }, version.ETag())).ReadAsync<StrategyVersionResponse>();

    /// <summary>The body that sends the version's own content back, for edits with <c>with</c> or list changes.</summary>
    public static UpdateStrategyVersionRequest AsUpdate(StrategyVersionResponse version) => new()
    {
        Label = version.Label,
        Vision = version.Vision,
        Leitbild = version.Leitbild,
        Values = version.Values.Select(v => new StrategyValueInput { Id = v.Id, Name = v.Name, Description = v.Description }).ToList(),
        Goals = version.Goals.Select(g => new StrategyGoalInput
        {
            Id = g.Id,
            Title = g.Title,
            Description = g.Description,
            Indicators = g.Indicators.Select(i => new StrategyIndicatorInput { Id = i.Id, Name = i.Name, Unit = i.Unit, Baseline = i.Baseline, Target = i.Target, TargetYear = i.TargetYear }).ToList(),
        }).ToList(),
    };

    /// <summary>A region with the 14 Kreis Warendorf seats and a held meeting with one agenda item, 13 seats present.</summary>
    public static async Task<(HttpClient Coordinator, MeetingResponse Meeting, AgendaItemResponse Item)> HeldMeetingAsync(TestRegion region, string number = "LK 2025/1")
    {
        var coordinator = await region.CoordinatorAsync();
        await MeetingApi.CreateKreisWarendorfMembersAsync(coordinator, region);
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, number);
        var item = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 1", "Smart Region-Strategie");
        meeting = await MeetingApi.HoldAsync(coordinator, region.Slug, meeting.Id, present: MeetingApi.AllAgs(region)[..13]);
        return (coordinator, meeting, item);
    }

    /// <summary>An approve_strategy decision naming <paramref name="versionId"/>; <paramref name="no"/> no votes reject it (unanimity).</summary>
    public static Task<HttpResponseMessage> DecideAsync(
        HttpClient coordinator, TestRegion region, MeetingResponse meeting, AgendaItemResponse item, string reference, Guid? versionId, int no = 0) =>
        DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, item.Id,
            DecisionApi.Body(reference, DecisionType.ApproveStrategy, null, DecisionApi.Votes(MeetingApi.AllAgs(region)[..13], yes: 13 - no, no: no)) with { StrategyVersionId = versionId });

    /// <summary>Records holding lists compare by reference; the JSON the client sees compares by value.</summary>
    public static void AssertSame(StrategyVersionResponse expected, StrategyVersionResponse actual) =>
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected, HttpAssertions.Json), System.Text.Json.JsonSerializer.Serialize(actual, HttpAssertions.Json));

    public static async Task<IReadOnlyList<StrategyVersionResponse>> ListAsync(HttpClient client, string slug, string query = "") =>
        (await (await client.GetAsync(ListStrategyVersionsRequest.BuildRoute(slug) + query)).ReadAsync<Page<StrategyVersionResponse>>()).Items;
}
