using System.Net;
using SmartRegion.Api.Features.Committee;
using SmartRegion.Api.Features.Members;
using SmartRegion.IntegrationTests.Features.Meetings;

namespace SmartRegion.IntegrationTests.Features.Committee;

[Collection(SqliteCollection.Name)]
public sealed class CommitteeTestsOnSqlite(SqliteApp app) : CommitteeTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class CommitteeTestsOnSqlServer(SqlServerApp app) : CommitteeTests(app);

/// <summary>The Lenkungskreis of a region: its seats follow the active members, its quorum rule and the delegates.</summary>
public abstract class CommitteeTests
{
    private const string Ahlen = "004";
    private const string Beelen = "012";

    private readonly SmartRegionApp app;

    protected CommitteeTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_new_committee_has_the_default_quorum_at_version_0_and_one_seat_per_active_member()
    {
        var (region, coordinator) = await ArrangeAsync();
        var member = await coordinator.GetAsync(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Beelen)));
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostCommandAsync(DeactivateMemberRequest.BuildRoute(region.Slug, region.Ags(Beelen)), member.ETag())).StatusCode);

        var response = await (await region.ReaderAsync()).GetAsync(GetCommitteeRequest.BuildRoute(region.Slug));

        var committee = await response.ReadAsync<CommitteeResponse>();
        Assert.Equal("\"0\"", response.ETag());
        Assert.Equal((50, 0), (committee.QuorumPercent, committee.Version));
        Assert.Equal(MeetingApi.AllAgs(region).Where(ags => ags != region.Ags(Beelen)), committee.Seats.Select(seat => seat.Ags));
        Assert.Equal(new CommitteeSeatResponse(region.Ags(Ahlen), "Stadt Ahlen", null, 0), committee.Seats.Single(seat => seat.Ags == region.Ags(Ahlen)));
    }

    [Fact]
    public async Task The_quorum_is_set_with_If_Match_starting_from_version_0_and_refusals_change_nothing()
    {
        var (region, coordinator) = await ArrangeAsync();
        var route = UpdateCommitteeRequest.BuildRoute(region.Slug);

        var noIfMatch = await coordinator.PutJsonAsync(route, new UpdateCommitteeRequest { QuorumPercent = 66 }, ifMatch: null);
        var stale = await coordinator.PutJsonAsync(route, new UpdateCommitteeRequest { QuorumPercent = 66 }, "\"3\"");
        var outOfRange = await coordinator.PutJsonAsync(route, new UpdateCommitteeRequest { QuorumPercent = 100 }, "\"0\"");
        var fromDefault = await coordinator.PutJsonAsync(route, new UpdateCommitteeRequest { QuorumPercent = 66 }, "\"0\"");
        var byReader = await (await region.ReaderAsync()).PutJsonAsync(route, new UpdateCommitteeRequest { QuorumPercent = 10 }, "\"0\"");
        var first = await fromDefault.ReadAsync<CommitteeResponse>();
        var second = await (await coordinator.PutJsonAsync(route, new UpdateCommitteeRequest { QuorumPercent = 75 }, first.ETag())).ReadAsync<CommitteeResponse>();
        var replayed = await coordinator.PutJsonAsync(route, new UpdateCommitteeRequest { QuorumPercent = 10 }, first.ETag());

        await noIfMatch.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Contains("quorumPercent", (await outOfRange.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        await byReader.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal((66, 1), (first.QuorumPercent, first.Version));
        Assert.Equal((75, 2), (second.QuorumPercent, second.Version));
        await replayed.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var stored = await (await coordinator.GetAsync(GetCommitteeRequest.BuildRoute(region.Slug))).ReadAsync<CommitteeResponse>();
        Assert.Equal((75, 2), (stored.QuorumPercent, stored.Version));
    }

    [Fact]
    public async Task Delegates_are_named_without_If_Match_and_replaced_only_with_the_seats_ETag()
    {
        var (region, coordinator) = await ArrangeAsync();
        var route = PutDelegatesRequest.BuildRoute(region.Slug, region.Ags(Ahlen));

        var created = await coordinator.PutJsonAsync(route, new PutDelegatesRequest { Delegates = "Bürgermeister Dr. A. Beispiel" }, ifMatch: null);
        var seat = await created.ReadAsync<CommitteeSeatResponse>(HttpStatusCode.Created);
        var withoutIfMatch = await coordinator.PutJsonAsync(route, new PutDelegatesRequest { Delegates = "Jemand anderes" }, ifMatch: null);
        var replaced = await (await coordinator.PutJsonAsync(route, new PutDelegatesRequest { Delegates = "Beigeordnete B. Muster; Vertretung: C. Müller" }, seat.ETag()))
            .ReadAsync<CommitteeSeatResponse>();
        var stale = await coordinator.PutJsonAsync(route, new PutDelegatesRequest { Delegates = "Veraltet" }, seat.ETag());
        var ifMatchOnNew = await coordinator.PutJsonAsync(PutDelegatesRequest.BuildRoute(region.Slug, region.Ags(Beelen)), new PutDelegatesRequest { Delegates = "x" }, "\"1\"");
        var noMember = await coordinator.PutJsonAsync(PutDelegatesRequest.BuildRoute(region.Slug, region.Ags("099")), new PutDelegatesRequest { Delegates = "x" }, ifMatch: null);
        var byMember = await (await region.MemberAsync(region.Ags(Ahlen))).PutJsonAsync(route, new PutDelegatesRequest { Delegates = "Selbst" }, replaced.ETag());
        var other = await app.NewRegionAsync();
        var otherRegion = await (await other.CoordinatorAsync()).PutJsonAsync(route, new PutDelegatesRequest { Delegates = "Fremd" }, ifMatch: null);

        Assert.Equal(new CommitteeSeatResponse(region.Ags(Ahlen), "Stadt Ahlen", "Bürgermeister Dr. A. Beispiel", 1), seat);
        await withoutIfMatch.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        Assert.Equal(("Beigeordnete B. Muster; Vertretung: C. Müller", 2), (replaced.Delegates, replaced.Version));
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await ifMatchOnNew.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await noMember.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await byMember.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await otherRegion.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var committee = await (await coordinator.GetAsync(GetCommitteeRequest.BuildRoute(region.Slug))).ReadAsync<CommitteeResponse>();
        Assert.Equal(replaced, committee.Seats.Single(entry => entry.Ags == region.Ags(Ahlen)));
        Assert.Null(committee.Seats.Single(entry => entry.Ags == region.Ags(Beelen)).Delegates);
    }

    private async Task<(TestRegion Region, HttpClient Coordinator)> ArrangeAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await MeetingApi.CreateKreisWarendorfMembersAsync(coordinator, region);
        return (region, coordinator);
    }
}
