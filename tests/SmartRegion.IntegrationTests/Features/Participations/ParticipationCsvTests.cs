using System.Net;
using System.Net.Http.Headers;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Participations;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.Participations;

[Collection(SqliteCollection.Name)]
public sealed class ParticipationCsvTestsOnSqlite(SqliteApp app) : ParticipationCsvTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ParticipationCsvTestsOnSqlServer(SqlServerApp app) : ParticipationCsvTests(app);

/// <summary>A project's participations as CSV (<c>Accept: text/csv</c>), with each committed cost bearer's share.</summary>
public abstract class ParticipationCsvTests
{
    private readonly SmartRegionApp app;

    protected ParticipationCsvTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Committed_members_carry_their_cost_share_with_decimal_comma_and_the_filters_apply()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        string[] ags = [region.Ags("004"), region.Ags("008"), region.Ags("012")];
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, ags[0], "Stadt Ahlen");
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, ags[1], "Stadt Beckum");
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, ags[2], "Gemeinde Beelen");
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var project = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field) with { EstimatedCost = 1234.56m });
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, ags[0], ParticipationRole.Lead);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, ags[1], ParticipationRole.Partner);
        await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, ags[2], ParticipationRole.Observer);

        var all = await CsvLinesAsync(coordinator, ListProjectParticipationsRequest.BuildRoute(region.Slug, project.Id) + "?limit=1");
        var committed = await CsvLinesAsync(coordinator, ListProjectParticipationsRequest.BuildRoute(region.Slug, project.Id) + "?state=committed");

        Assert.Equal(
            "ags;role;state;costSharePercent;costShareAmount;resolutionBody;resolutionDate;resolutionReference;staffFte;customPercent;version;createdAt;updatedAt",
            all[0]);
        Assert.Equal(4, all.Count);
        Assert.StartsWith($"{ags[0]};lead;committed;50,00;617,28;Rat der Gemeinde {ags[0]};2024-03-14;VL-004/2024;;;", all[1], StringComparison.Ordinal);
        Assert.StartsWith($"{ags[1]};partner;committed;50,00;617,28;", all[2], StringComparison.Ordinal);
        Assert.StartsWith($"{ags[2]};observer;interested;;;;;;;;1;", all[3], StringComparison.Ordinal);
        Assert.Equal([ags[0], ags[1]], committed.Skip(1).Select(line => line.Split(';')[0]));
    }

    [Fact]
    public async Task A_members_participations_as_csv_carry_its_cost_share_and_german_text_byte_for_byte()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var (ahlen, beckum) = (region.Ags("004"), region.Ags("008"));
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, ahlen, "Stadt Ahlen");
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, beckum, "Stadt Beckum");
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var shared = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field) with { EstimatedCost = 2469.12m });
        var watched = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-08", field));
        var resolution = ParticipationApi.SampleResolution(ahlen);
        resolution.Body = "Rat der Stadt Ahlen, Ausschuss „Straße & Verkehr“";
        await ParticipationApi.CommitAsync(coordinator, region.Slug, shared.Id, ahlen, ParticipationRole.Lead, resolution: resolution);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, shared.Id, beckum, ParticipationRole.Partner);
        await ParticipationApi.PutAsync(coordinator, region.Slug, watched.Id, ahlen, ParticipationRole.Observer);

        using var request = new HttpRequestMessage(HttpMethod.Get, ListMemberParticipationsRequest.BuildRoute(region.Slug, ahlen) + "?limit=1");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await coordinator.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var committed = await CsvLinesAsync(coordinator, ListMemberParticipationsRequest.BuildRoute(region.Slug, ahlen) + "?state=committed");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        byte[] expected =
        [
            0xEF, 0xBB, 0xBF,
            .. System.Text.Encoding.UTF8.GetBytes(
                "projectCode;projectId;role;state;costSharePercent;costShareAmount;resolutionBody;resolutionDate;resolutionReference;staffFte;customPercent;version;createdAt;updatedAt\r\n"
                + $"LP-07;{shared.Id:D};lead;committed;50,00;1234,56;Rat der Stadt Ahlen, Ausschuss „Straße & Verkehr“;2024-03-14;VL-004/2024;;;"),
        ];
        Assert.StartsWith(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(expected, bytes[..expected.Length]);
        // „Straße“ as UTF-8, and the decimal comma, exactly.
        Assert.Equal([0xE2, 0x80, 0x9E, 0x53, 0x74, 0x72, 0x61, 0xC3, 0x9F, 0x65], System.Text.Encoding.UTF8.GetBytes("„Straße"));
        var lines = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"LP-08;{watched.Id:D};observer;interested;;;;;;;;1;", lines[2], StringComparison.Ordinal);
        Assert.Equal(["LP-07"], committed.Skip(1).Select(line => line.Split(';')[0]));
    }

    private static async Task<List<string>> CsvLinesAsync(HttpClient client, string route)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        return System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
