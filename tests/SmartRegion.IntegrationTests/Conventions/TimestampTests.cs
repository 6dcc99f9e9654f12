using System.Net;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Meetings;

namespace SmartRegion.IntegrationTests.Conventions;

[Collection(SqliteCollection.Name)]
public sealed class TimestampTestsOnSqlite(SqliteApp app) : TimestampTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class TimestampTestsOnSqlServer(SqlServerApp app) : TimestampTests(app);

/// <summary>A timestamp names its instant: without <c>Z</c> or an offset it is refused, never read in the server's zone.</summary>
public abstract class TimestampTests
{
    private readonly SmartRegionApp app;

    protected TimestampTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Theory]
    [InlineData("2026-03-12T14:00:00")]
    [InlineData("2026-03-12T14:00")]
    [InlineData("2026-03-12")]
    public async Task A_body_timestamp_without_Z_or_offset_is_400_naming_the_field(string startsAt)
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var response = await coordinator.SendRawAsync(HttpMethod.Post, CreateMeetingRequest.BuildRoute(region.Slug),
            $$"""{"number": "LK 2026/1", "title": "Sitzung", "startsAt": "{{startsAt}}", "endsAt": "2026-03-12T18:00:00Z"}""");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Contains("startsAt", problem.Errors!.Keys);
        var list = await (await coordinator.GetAsync(ListMeetingsRequest.BuildRoute(region.Slug))).ReadAsync<Page<MeetingResponse>>();
        Assert.Empty(list.Items);
    }

    [Fact]
    public async Task A_body_timestamp_with_an_offset_is_the_instant_it_names()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var response = await coordinator.SendRawAsync(HttpMethod.Post, CreateMeetingRequest.BuildRoute(region.Slug),
            """{"number": "LK 2026/1", "title": "Sitzung", "startsAt": "2026-03-12T14:00:00+01:00", "endsAt": "2026-03-12T16:00:00+01:00"}""");

        var created = await response.ReadAsync<MeetingResponse>(HttpStatusCode.Created);
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 13, 0, 0, TimeSpan.Zero), created.StartsAt);
    }

    [Theory]
    [InlineData("2025-01-01T00:00:00")]
    [InlineData("2025-01-01")]
    public async Task A_modifiedSince_without_Z_or_offset_is_400_naming_the_parameter(string modifiedSince)
    {
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();

        var response = await reader.GetAsync($"{ListProjectsRequest.BuildRoute(region.Slug)}?modifiedSince={Uri.EscapeDataString(modifiedSince)}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("modifiedSince", problem.Errors!.Keys);
    }

    [Fact]
    public async Task A_modifiedSince_with_Z_is_accepted()
    {
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();

        var response = await reader.GetAsync($"{ListProjectsRequest.BuildRoute(region.Slug)}?modifiedSince=2025-01-01T00:00:00Z");

        Assert.Empty((await response.ReadAsync<Page<ProjectResponse>>()).Items);
    }
}

/// <summary>Start-up refuses to run without what correct times need.</summary>
public sealed class CouncilTimeZoneTests
{
    [Fact]
    public async Task Without_time_zone_data_the_service_does_not_start_and_says_why()
    {
        var outcome = await ServiceProcess.RunAsync(["migrate"], new Dictionary<string, string> { ["TZDIR"] = "/nonexistent-zoneinfo" });

        Assert.NotNull(outcome.ExitCode);
        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains("Europe/Berlin", outcome.Output, StringComparison.Ordinal);
    }
}
