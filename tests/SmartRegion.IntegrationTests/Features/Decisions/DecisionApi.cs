using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.Decisions;

/// <summary>Builds decision bodies and reads decisions and project history for the Lenkungskreis tests.</summary>
public static class DecisionApi
{
    /// <summary>Votes for the given seats in order: the first <paramref name="yes"/> yes, then <paramref name="no"/> no, the rest abstain.</summary>
    public static List<VoteInput> Votes(IEnumerable<string> seats, int yes, int no) =>
        seats.Select((ags, index) => new VoteInput
        {
            Ags = ags,
            Vote = index < yes ? VoteChoice.Yes : index < yes + no ? VoteChoice.No : VoteChoice.Abstain,
        }).ToList();

    public static RecordDecisionRequest Body(string reference, DecisionType type, Guid? projectId, List<VoteInput> votes, Guid? supersedes = null) => new()
    {
        Reference = reference,
        Title = $"Beschluss {reference}",
        Text = "Der Lenkungskreis beschließt „wie vorgeschlagen“.",
        Type = type,
        ProjectId = projectId,
        Supersedes = supersedes,
        Votes = votes,
    };

    public static Task<HttpResponseMessage> RecordAsync(HttpClient coordinator, string slug, Guid meetingId, Guid agendaItemId, RecordDecisionRequest body) =>
        coordinator.PostJsonAsync(RecordDecisionRequest.BuildRoute(slug, meetingId, agendaItemId), body);

    public static async Task<IReadOnlyList<DecisionResponse>> ListAsync(HttpClient client, string slug, string query = "") =>
        (await (await client.GetAsync(ListDecisionsRequest.BuildRoute(slug) + query)).ReadAsync<Page<DecisionResponse>>()).Items;

    public static async Task<ProjectResponse> ProjectAsync(HttpClient client, string slug, Guid id) =>
        await (await client.GetAsync(GetProjectRequest.BuildRoute(slug, id))).ReadAsync<ProjectResponse>();

    public static async Task<IReadOnlyList<ProjectHistoryEntryResponse>> HistoryAsync(HttpClient client, string slug, Guid id) =>
        (await (await client.GetAsync(ListProjectHistoryRequest.BuildRoute(slug, id) + "?limit=200")).ReadAsync<Page<ProjectHistoryEntryResponse>>()).Items;
}
