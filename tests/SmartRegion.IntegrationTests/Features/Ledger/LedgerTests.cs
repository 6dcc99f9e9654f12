using System.Net;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Circulations;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.Ledger;
using SmartRegion.Api.Setup;
using SmartRegion.IntegrationTests.Features.Decisions;
using SmartRegion.IntegrationTests.Features.Meetings;

namespace SmartRegion.IntegrationTests.Features.Ledger;

[Collection(SqliteCollection.Name)]
public sealed class LedgerTestsOnSqlite(SqliteApp app) : LedgerTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class LedgerTestsOnSqlServer(SqlServerApp app) : LedgerTests(app);

/// <summary>
/// The verifiable decision record: every decision (with its votes) and every circulation vote joins the region's
/// hash chain, the export verifies offline with the published keys, and a row changed behind the service's back
/// fails verification at exactly its entry.
/// </summary>
public abstract class LedgerTests
{
    private static readonly SqlStatement TamperWithDecision = SqlStatement.Shared("UPDATE Decisions SET Yes = Yes + 1, No = No - 1 WHERE Id = @Id");

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    private readonly SmartRegionApp app;

    protected LedgerTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Every_decision_and_circulation_vote_is_appended_to_a_chain_that_verifies_with_its_signed_checkpoints()
    {
        var (region, coordinator, meetingDecision, circulationDecision) = await ArrangeAsync();

        var pages = await ExportAsync(await region.ReaderAsync(), region.Slug, limit: 2);
        var keys = await (await coordinator.GetAsync(GetLedgerPublicKeyRequest.BuildRoute(region.Slug))).ReadAsync<LedgerKeysResponse>();

        var entries = pages.SelectMany(page => page.Items).ToList();
        // The meeting's decision, three circulation votes, then the circulation's decision when it was closed.
        Assert.Equal(["decision", "circulation_vote", "circulation_vote", "circulation_vote", "decision"], entries.Select(e => (string)e.Entry["kind"]!));
        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e.Seq));
        Assert.Equal(DecisionLedger.Genesis, entries[0].PrevHash);
        Assert.Equal(meetingDecision.Id.ToString("D"), (string)entries[0].Entry["decision"]!["id"]!);
        Assert.Equal(circulationDecision.Id.ToString("D"), (string)entries[4].Entry["decision"]!["id"]!);
        Assert.Equal(3, entries[4].Entry["decision"]!["votes"]!.AsArray().Count);
        Assert.All(pages, page => Assert.Equal(page.Items[^1].Hash, page.Checkpoint!.Hash));
        Assert.Equal(3, pages.Count);
        Assert.Equal([true, false], keys.Keys.Select(key => key.Active));
        var verification = LedgerVerifier.Verify(pages, keys.Keys);
        Assert.True(verification.Valid, verification.Message);
        Assert.Equal((5, 3), (verification.Entries, verification.Checkpoints));
    }

    [Fact]
    public async Task A_decision_changed_directly_in_the_database_fails_verification_at_exactly_its_entry_and_the_command_names_it()
    {
        var (region, coordinator, _, circulationDecision) = await ArrangeAsync();
        var before = await ExportAsync(coordinator, region.Slug, limit: 200);
        var keys = (await (await coordinator.GetAsync(GetLedgerPublicKeyRequest.BuildRoute(region.Slug))).ReadAsync<LedgerKeysResponse>()).Keys;
        var saved = Path.Combine(Path.GetTempPath(), $"ledger-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(saved, System.Text.Json.JsonSerializer.Serialize(new VerifyLedgerCommand.LedgerExport(keys, before), Json));
        var validOutput = new StringWriter();
        var validExit = await VerifyLedgerCommand.RunAsync([saved], validOutput);

        Assert.Equal(1, await app.ExecuteAsync(TamperWithDecision, new { circulationDecision.Id }));
        var after = await ExportAsync(coordinator, region.Slug, limit: 200);
        var verification = LedgerVerifier.Verify(after, keys);
        await File.WriteAllTextAsync(saved, System.Text.Json.JsonSerializer.Serialize(new VerifyLedgerCommand.LedgerExport(keys, after), Json));
        var invalidOutput = new StringWriter();
        var invalidExit = await VerifyLedgerCommand.RunAsync([saved], invalidOutput);
        File.Delete(saved);

        Assert.Equal(0, validExit);
        Assert.StartsWith("VALID", validOutput.ToString(), StringComparison.Ordinal);
        Assert.False(verification.Valid);
        Assert.Equal(5, verification.FailedSeq);
        Assert.Equal(4, verification.Entries);
        Assert.Equal(1, invalidExit);
        Assert.Contains("INVALID at entry 5", invalidOutput.ToString(), StringComparison.Ordinal);
        // The entries before it still verify: the chain up to entry 4 is untouched.
        Assert.True(LedgerVerifier.Verify([new LedgerPage(after[0].Items.Take(4).ToList(), null, null)], keys).Valid);
    }

    [Fact]
    public async Task Another_regions_ledger_is_404_bad_paging_is_400_and_an_anonymous_caller_401()
    {
        var region = await app.NewRegionAsync();
        var other = await app.NewRegionAsync();
        var reader = await other.ReaderAsync();

        await (await reader.GetAsync(ListLedgerRequest.BuildRoute(region.Slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await reader.GetAsync(GetLedgerPublicKeyRequest.BuildRoute(region.Slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await reader.GetAsync(ListLedgerRequest.BuildRoute(other.Slug) + "?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await reader.GetAsync(ListLedgerRequest.BuildRoute(other.Slug) + "?after=-1")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await app.Anonymous().GetAsync(ListLedgerRequest.BuildRoute(region.Slug))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var empty = await (await reader.GetAsync(ListLedgerRequest.BuildRoute(other.Slug))).ReadAsync<LedgerPage>();
        Assert.Equal((0, null, null), (empty.Items.Count, empty.NextCursor, empty.Checkpoint));
    }

    /// <summary>
    /// Kreis Warendorf's 14 seats; a held meeting that decides on one agenda item (8 yes, 2 no, 1 abstain) and a
    /// circulation in which three seats vote before the coordinator closes it.
    /// </summary>
    private async Task<(TestRegion Region, HttpClient Coordinator, DecisionResponse MeetingDecision, DecisionResponse CirculationDecision)> ArrangeAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await MeetingApi.CreateKreisWarendorfMembersAsync(coordinator, region);
        var seats = MeetingApi.AllAgs(region);

        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        var item = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 1", "Smart-Region-Strategie");
        await MeetingApi.HoldAsync(coordinator, region.Slug, meeting.Id, seats[..11]);
        var recorded = await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, item.Id,
            DecisionApi.Body("LK 2025/1-1", DecisionType.General, null, DecisionApi.Votes(seats[..11], yes: 8, no: 2)));
        var meetingDecision = await recorded.ReadAsync<DecisionResponse>(HttpStatusCode.Created);

        var opened = await (await coordinator.PostJsonAsync(OpenCirculationRequest.BuildRoute(region.Slug), new OpenCirculationRequest
        {
            Reference = "UV 2025/1",
            Title = "Umlaufbeschluss zur Geschäftsordnung",
            Text = "Die Mitglieder stimmen im Umlaufverfahren ab.",
            Type = DecisionType.General,
            Deadline = DateTimeOffset.UtcNow.AddHours(1),
        })).ReadAsync<CirculationResponse>(HttpStatusCode.Created);
        foreach (var (ags, vote) in new[] { (seats[1], VoteChoice.Yes), (seats[2], VoteChoice.Yes), (seats[3], VoteChoice.No) })
        {
            var member = await region.MemberAsync(ags);
            var voted = await member.PostJsonAsync(VoteInCirculationRequest.BuildRoute(region.Slug, opened.Id), new VoteInCirculationRequest { Vote = vote });
            Assert.Equal(HttpStatusCode.OK, voted.StatusCode);
        }

        var current = await (await coordinator.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>();
        var closed = await (await coordinator.PostCommandAsync(CloseCirculationRequest.BuildRoute(region.Slug, opened.Id), current.ETag()))
            .ReadAsync<CirculationResponse>();
        var circulationDecision = await (await coordinator.GetAsync(GetDecisionRequest.BuildRoute(region.Slug, closed.DecisionId!.Value))).ReadAsync<DecisionResponse>();
        return (region, coordinator, meetingDecision, circulationDecision);
    }

    private static async Task<List<LedgerPage>> ExportAsync(HttpClient client, string slug, int limit)
    {
        var pages = new List<LedgerPage>();
        string? after = null;
        do
        {
            var page = await (await client.GetAsync($"{ListLedgerRequest.BuildRoute(slug)}?limit={limit}{(after is null ? string.Empty : "&after=" + after)}")).ReadAsync<LedgerPage>();
            pages.Add(page);
            after = page.NextCursor;
        }
        while (after is not null);

        return pages;
    }
}
