using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;

namespace SmartRegion.IntegrationTests.Features.Participations;

/// <summary>
/// Arranges participations for tests through the API, as a client would: <c>putParticipation</c>, then the
/// transitions. Every call asserts success, so a broken arrangement fails where it happens:
/// <code>await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags("004"), ParticipationRole.Lead);</code>
/// </summary>
public static class ParticipationApi
{
    /// <summary>The resolution <see cref="CommitAsync"/> records unless given another one.</summary>
    public static CouncilResolutionInput SampleResolution(string ags) => new()
    {
        Body = $"Rat der Gemeinde {ags}",
        Date = new DateOnly(2024, 3, 14),
        Reference = $"VL-{ags[^3..]}/2024",
        Url = $"https://ratsinfo.example/{ags}/vorlage-40-2024",
    };

    /// <summary>
    /// Creates the member's participation, or replaces the existing one with this role and percentage, and returns it
    /// as stored (201 or 200).
    /// </summary>
    public static async Task<ParticipationResponse> PutAsync(
        HttpClient client, string slug, Guid projectId, string ags, ParticipationRole role, decimal? customPercent = null, string? note = null)
    {
        var route = PutParticipationRequest.BuildRoute(slug, projectId, ags);
        var existing = await client.GetAsync(route);
        var body = new PutParticipationRequest { Role = role, CustomPercent = customPercent, Note = note };
        if (existing.StatusCode == HttpStatusCode.NotFound)
        {
            return await (await client.PutJsonAsync(route, body, ifMatch: null)).ReadAsync<ParticipationResponse>(HttpStatusCode.Created);
        }

        return await (await client.PutJsonAsync(route, body, existing.ETag())).ReadAsync<ParticipationResponse>();
    }

    /// <summary>Moves the participation one step and returns it (asserts 200).</summary>
    public static async Task<ParticipationResponse> MoveAsync(
        HttpClient client, string slug, ParticipationResponse participation, ParticipationState to, CouncilResolutionInput? resolution = null, string? reason = null)
    {
        var response = await client.SendJsonAsync(
            HttpMethod.Post,
            TransitionParticipationRequest.BuildRoute(slug, participation.ProjectId, participation.Ags),
            new TransitionParticipationRequest { To = to, Reason = reason, CouncilResolution = resolution },
            participation.ETag());
        return await response.ReadAsync<ParticipationResponse>();
    }

    /// <summary>
    /// Makes the member a committed participant with this role (and percentage, for projects with the <c>custom</c>
    /// key): PUT, then <c>interested → pending_council → committed</c> with a council resolution. Works from any
    /// state, so it also re-commits a withdrawn member. Use a coordinator client, or the member's own.
    /// </summary>
    public static async Task<ParticipationResponse> CommitAsync(
        HttpClient client, string slug, Guid projectId, string ags, ParticipationRole role, decimal? customPercent = null, CouncilResolutionInput? resolution = null)
    {
        var participation = await PutAsync(client, slug, projectId, ags, role, customPercent);
        if (participation.State == ParticipationState.Withdrawn)
        {
            participation = await MoveAsync(client, slug, participation, ParticipationState.Interested);
        }

        if (participation.State == ParticipationState.Interested)
        {
            participation = await MoveAsync(client, slug, participation, ParticipationState.PendingCouncil);
        }

        if (participation.State == ParticipationState.PendingCouncil)
        {
            participation = await MoveAsync(client, slug, participation, ParticipationState.Committed, resolution ?? SampleResolution(ags));
        }

        return participation;
    }

    /// <summary>Brings the member's participation to <paramref name="state"/> along the shortest path from a fresh one.</summary>
    public static async Task<ParticipationResponse> ArrangeAsync(
        HttpClient client, string slug, Guid projectId, string ags, ParticipationRole role, ParticipationState state, decimal? customPercent = null)
    {
        var participation = await PutAsync(client, slug, projectId, ags, role, customPercent);
        return state switch
        {
            ParticipationState.Interested => participation,
            ParticipationState.PendingCouncil => await MoveAsync(client, slug, participation, ParticipationState.PendingCouncil),
            ParticipationState.Committed => await CommitAsync(client, slug, projectId, ags, role, customPercent),
            ParticipationState.Withdrawn => await MoveAsync(client, slug, participation, ParticipationState.Withdrawn),
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown participation state."),
        };
    }

    /// <summary>Reads the participation (asserts 200).</summary>
    public static async Task<ParticipationResponse> GetAsync(HttpClient client, string slug, Guid projectId, string ags) =>
        await (await client.GetAsync(GetParticipationRequest.BuildRoute(slug, projectId, ags))).ReadAsync<ParticipationResponse>();

    /// <summary>Creates a municipality in the region (asserts 201); its AGS must start with the region's Kreis key.</summary>
    public static async Task<MemberResponse> CreateMemberAsync(HttpClient coordinator, string slug, string ags, string name, int? population = null)
    {
        var response = await coordinator.PostJsonAsync(
            CreateMemberRequest.BuildRoute(slug), new CreateMemberRequest { Ags = ags, Kind = MemberKind.Municipality, Name = name, Population = population });
        return await response.ReadAsync<MemberResponse>(HttpStatusCode.Created);
    }
}
