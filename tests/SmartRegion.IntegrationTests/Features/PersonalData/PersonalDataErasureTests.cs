using System.Net;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Changes;
using SmartRegion.Api.Features.Committee;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.PersonalData;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Meetings;
using F = SmartRegion.IntegrationTests.Features.PublicRead.PublicRegionFixture;

namespace SmartRegion.IntegrationTests.Features.PersonalData;

[Collection(SqliteCollection.Name)]
public sealed class PersonalDataErasureTestsOnSqlite(SqliteApp app) : PersonalDataErasureTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class PersonalDataErasureTestsOnSqlServer(SqlServerApp app) : PersonalDataErasureTests(app);

/// <summary>
/// The DSGVO erase command: one person's contacts and delegate names are pseudonymised everywhere they are stored,
/// while decisions, votes and every history entry stay exactly as they were; the erasure is recorded without the
/// erased data. Contacts and delegate names never reach the change feed.
/// </summary>
public abstract class PersonalDataErasureTests
{
    private static readonly SqlStatement StoredCopies = SqlStatement.Shared("""
        SELECT
            (SELECT COUNT(*) FROM Members WHERE RegionId = @RegionId AND (ContactName = @Name OR ContactEmail = @Email OR ContactPhone = @Phone))
          + (SELECT COUNT(*) FROM Participations WHERE RegionId = @RegionId AND (ContactName = @Name OR ContactEmail = @Email))
          + (SELECT COUNT(*) FROM CommitteeDelegates WHERE RegionId = @RegionId AND Delegates LIKE @NamePattern)
          + (SELECT COUNT(*) FROM Attendance WHERE RegionId = @RegionId AND DelegateName LIKE @NamePattern)
          + (SELECT COUNT(*) FROM Changes WHERE RegionId = @RegionId AND (Details LIKE @NamePattern OR Details LIKE @EmailPattern))
          + (SELECT COUNT(*) FROM IdempotencyKeys WHERE ResponseBody LIKE @NamePattern OR ResponseBody LIKE @EmailPattern)
        """);

    private static readonly SqlStatement DecisionsAndVotes = SqlStatement.Shared("""
        SELECT d.Reference, d.Result, d.Yes, d.No, d.Abstain, v.Ags, v.Vote
        FROM Decisions d JOIN DecisionVotes v ON v.DecisionId = d.Id
        WHERE d.RegionId = @RegionId
        ORDER BY d.Reference, v.Ags
        """);

    private static readonly SqlStatement ChangeDetailsOf = SqlStatement.Shared(
        "SELECT Details FROM Changes WHERE RegionId = @RegionId AND EntityType = @EntityType AND Details IS NOT NULL");

    private readonly SmartRegionApp app;

    protected PersonalDataErasureTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Erasing_a_person_pseudonymises_every_stored_copy_and_keeps_decisions_votes_and_history()
    {
        var fixture = await F.BuildAsync(app, publicRead: false);
        var slug = fixture.Slug;
        var coordinator = await fixture.Region.CoordinatorAsync();
        var regionId = await RegionIdAsync(slug);
        // The same person is the district's contact, Ahlen's project contact, one of Ahlen's delegates and Beckum's
        // delegate in the meeting; a change record written before 0013 named her, and a replayable answer holds her.
        await coordinator.PutJsonAsync(PutParticipationRequest.BuildRoute(slug, fixture.Project.Id, fixture.Region.Ags("004")), new PutParticipationRequest
        {
            Role = Api.Domain.ParticipationRole.Lead,
            Contact = new ParticipationContactInput { Name = F.MemberContactName, Email = F.MemberContactEmail },
            Note = F.Note,
        }, (await ParticipationAsync(coordinator, fixture)).ETag());
        var seat = await (await coordinator.GetAsync(GetCommitteeRequest.BuildRoute(slug))).ReadAsync<CommitteeResponse>();
        await (await coordinator.PutJsonAsync(PutDelegatesRequest.BuildRoute(slug, fixture.Region.Ags("004")),
            new PutDelegatesRequest { Delegates = "Paul Stellvertreter; " + F.MemberContactName }, $"\"{seat.Seats.Single(s => s.Ags == fixture.Region.Ags("004")).Version}\"")).ReadAsync<CommitteeSeatResponse>();
        await app.ExecuteAsync(ChangeLog.Sql.Insert, new
        {
            Id = Guid.CreateVersion7(), RegionId = regionId, EntityType = "committee", EntityId = slug, Kind = "delegates-updated", Actor = "test:legacy",
            OccurredAt = app.Service<Api.Domain.Clock>().Now(), Details = $"{{\"ags\":\"{fixture.Region.Ags("004")}\",\"delegates\":\"{F.MemberContactName}\"}}", Version = (int?)null,
        });
        var replayKey = "member-" + Guid.NewGuid().ToString("N");
        var createMember = new CreateMemberRequest
        {
            Ags = fixture.Region.Ags("012"), Kind = Api.Domain.MemberKind.Municipality, Name = "Gemeinde Beelen",
            Contact = new MemberContactInput { Name = F.MemberContactName, Email = F.MemberContactEmail },
        };
        await (await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(slug), createMember, replayKey)).ReadAsync<MemberResponse>(HttpStatusCode.Created);
        var attendanceBefore = await MeetingApi.GetAsync(coordinator, slug, fixture.Meeting.Id);
        var votesBefore = await app.QueryAsync<VoteRow>(DecisionsAndVotes, new { RegionId = regionId });
        var decisionsBefore = await (await coordinator.GetAsync(ListDecisionsRequest.BuildRoute(slug))).Content.ReadAsStringAsync();
        var historyBefore = await (await coordinator.GetAsync(ListProjectHistoryRequest.BuildRoute(slug, fixture.Project.Id))).Content.ReadAsStringAsync();
        Assert.True(await CopiesAsync(regionId, F.MemberContactName, F.MemberContactEmail) >= 6);

        var response = await coordinator.PostJsonAsync(ErasePersonalDataRequest.BuildRoute(slug),
            new ErasePersonalDataRequest { Name = "maria MUSTERFRAU", Email = F.MemberContactEmail }, "erase-" + Guid.NewGuid().ToString("N"));

        var erasure = await response.ReadAsync<PersonalDataErasureResponse>(HttpStatusCode.Created);
        Assert.Equal(GetPersonalDataErasureRequest.BuildRoute(slug, erasure.Id), response.Headers.Location?.OriginalString);
        Assert.Equal(ErasureMatch.NameAndEmail, erasure.MatchedBy);
        Assert.StartsWith("Gelöschte Person ", erasure.Pseudonym, StringComparison.Ordinal);
        Assert.Equal(new ErasedPlacesResponse(MemberContacts: 2, ParticipationContacts: 1, CommitteeDelegates: 1, AttendanceDelegates: 0, ChangeRecords: 1, StoredResponses: 1), erasure.Places);
        Assert.Equal(6, erasure.Total);
        var erasureBody = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Musterfrau", erasureBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(F.MemberContactEmail, erasureBody, StringComparison.OrdinalIgnoreCase);

        // Every stored copy names the pseudonym now; nothing else of hers is left.
        Assert.Equal(0, await CopiesAsync(regionId, F.MemberContactName, F.MemberContactEmail));
        var district = await (await coordinator.GetAsync(GetMemberRequest.BuildRoute(slug, fixture.Region.District))).ReadAsync<MemberResponse>();
        Assert.Equal(new MemberContact(erasure.Pseudonym, null, null), district.Contact);
        Assert.Equal(2, district.Version);
        var participation = await ParticipationAsync(coordinator, fixture);
        Assert.Equal((erasure.Pseudonym, (string?)null, F.Note), (participation.Contact?.Name, participation.Contact?.Email, participation.Note));
        var committee = await (await coordinator.GetAsync(GetCommitteeRequest.BuildRoute(slug))).ReadAsync<CommitteeResponse>();
        Assert.Equal("Paul Stellvertreter; " + erasure.Pseudonym, committee.Seats.Single(s => s.Ags == fixture.Region.Ags("004")).Delegates);
        var replay = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(slug), createMember, replayKey);
        Assert.Equal(erasure.Pseudonym, (await replay.ReadAsync<MemberResponse>(HttpStatusCode.Created)).Contact?.Name);

        // Decisions, votes, attendance and history are exactly as before.
        Assert.Equal(votesBefore, await app.QueryAsync<VoteRow>(DecisionsAndVotes, new { RegionId = regionId }));
        Assert.Equal(decisionsBefore, await (await coordinator.GetAsync(ListDecisionsRequest.BuildRoute(slug))).Content.ReadAsStringAsync());
        Assert.Equal(historyBefore, await (await coordinator.GetAsync(ListProjectHistoryRequest.BuildRoute(slug, fixture.Project.Id))).Content.ReadAsStringAsync());
        var attendanceAfter = await MeetingApi.GetAsync(coordinator, slug, fixture.Meeting.Id);
        Assert.Equal(attendanceBefore.Attendance, attendanceAfter.Attendance);

        // The record of the erasure, and the feed tells followers what changed.
        var listed = await (await coordinator.GetAsync(ListPersonalDataErasuresRequest.BuildRoute(slug))).ReadAsync<Page<PersonalDataErasureResponse>>();
        Assert.Equal([erasure], listed.Items);
        Assert.Equal(erasure, await (await app.Admin().GetAsync(GetPersonalDataErasureRequest.BuildRoute(slug, erasure.Id))).ReadAsync<PersonalDataErasureResponse>());
        var feed = await (await coordinator.GetAsync(ListChangesRequest.BuildRoute(slug) + "?limit=200")).ReadAsync<Page<ChangeResponse>>();
        Assert.Contains(feed.Items, change => change is { EntityType: "member", Kind: PersonalDataErasure.ErasedKind } && change.EntityId == fixture.Region.District);
        Assert.Contains(feed.Items, change => change is { EntityType: PersonalDataErasure.EntityType, Kind: "recorded" } && change.EntityId == erasure.Id.ToString("D"));
    }

    [Fact]
    public async Task A_meeting_delegate_is_erased_by_name_and_the_meeting_gets_a_new_version()
    {
        var fixture = await F.BuildAsync(app, publicRead: false);
        var coordinator = await fixture.Region.CoordinatorAsync();
        var before = await MeetingApi.GetAsync(coordinator, fixture.Slug, fixture.Meeting.Id);

        var erasure = await (await app.Admin().PostJsonAsync(ErasePersonalDataRequest.BuildRoute(fixture.Slug), new ErasePersonalDataRequest { Name = F.MeetingDelegate }))
            .ReadAsync<PersonalDataErasureResponse>(HttpStatusCode.Created);

        Assert.Equal((ErasureMatch.Name, 1, 1), (erasure.MatchedBy, erasure.Places.AttendanceDelegates, erasure.Total));
        var after = await MeetingApi.GetAsync(coordinator, fixture.Slug, fixture.Meeting.Id);
        Assert.Equal(erasure.Pseudonym, after.Attendance.Single(seat => seat.Ags == fixture.Region.Ags("008")).DelegateName);
        Assert.Equal(before.Attendance.Select(seat => (seat.Ags, seat.Status)), after.Attendance.Select(seat => (seat.Ags, seat.Status)));
        Assert.Equal(before.Version + 1, after.Version);
    }

    [Fact]
    public async Task Only_admins_and_the_regions_coordinator_erase_and_a_bad_body_stores_nothing()
    {
        var fixture = await F.BuildAsync(app, publicRead: false);
        var other = await app.NewRegionAsync();
        var route = ErasePersonalDataRequest.BuildRoute(fixture.Slug);
        var body = new ErasePersonalDataRequest { Name = F.MemberContactName };

        await (await (await fixture.Region.ReaderAsync()).PostJsonAsync(route, body)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await (await fixture.Region.MemberAsync(fixture.Region.Ags("004"))).PostJsonAsync(route, body)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await (await other.CoordinatorAsync()).PostJsonAsync(route, body)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await app.Anonymous().PostJsonAsync(route, body)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var coordinator = await fixture.Region.CoordinatorAsync();
        await (await coordinator.PostJsonAsync(route, new ErasePersonalDataRequest())).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await coordinator.PostJsonAsync(route, new ErasePersonalDataRequest { Name = "Ma" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty((await (await coordinator.GetAsync(ListPersonalDataErasuresRequest.BuildRoute(fixture.Slug))).ReadAsync<Page<PersonalDataErasureResponse>>()).Items);
        Assert.True(await CopiesAsync(await RegionIdAsync(fixture.Slug), F.MemberContactName, F.MemberContactEmail) > 0);
        await (await (await fixture.Region.ReaderAsync()).GetAsync(ListPersonalDataErasuresRequest.BuildRoute(fixture.Slug))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Contacts_and_delegate_names_never_reach_the_change_feed_or_change_records()
    {
        var fixture = await F.BuildAsync(app, publicRead: false);
        var coordinator = await fixture.Region.CoordinatorAsync();
        var regionId = await RegionIdAsync(fixture.Slug);

        var feed = await (await coordinator.GetAsync(ListChangesRequest.BuildRoute(fixture.Slug) + "?limit=200")).Content.ReadAsStringAsync();
        var details = (await app.QueryAsync<string>(ChangeDetailsOf, new { RegionId = regionId, EntityType = CommitteeSql.EntityType }))
            .Concat(await app.QueryAsync<string>(ChangeDetailsOf, new { RegionId = regionId, EntityType = "meeting" }))
            .Concat(await app.QueryAsync<string>(ChangeDetailsOf, new { RegionId = regionId, EntityType = "member" }))
            .Concat(await app.QueryAsync<string>(ChangeDetailsOf, new { RegionId = regionId, EntityType = ParticipationHistoryLog.EntityType }));

        string[] personal = [F.MemberContactName, F.MemberContactEmail, F.MemberContactPhone, F.ParticipationContactName, F.ParticipationContactEmail, "Erika Delegata", F.MeetingDelegate];
        Assert.All(personal, text => Assert.DoesNotContain(text, feed, StringComparison.OrdinalIgnoreCase));
        Assert.All(details, stored => Assert.All(personal, text => Assert.DoesNotContain(text, stored, StringComparison.OrdinalIgnoreCase)));
        Assert.NotEmpty(details);
    }

    private async Task<Guid> RegionIdAsync(string slug)
    {
        await using var session = await app.Service<SmartRegionDb>().OpenAsync(CancellationToken.None);
        return (await RegionAccess.FindAsync(session, slug))!.Id;
    }

    private Task<int> CopiesAsync(Guid regionId, string name, string email) =>
        app.ScalarAsync<int>(StoredCopies, new { RegionId = regionId, Name = name, Email = email, Phone = F.MemberContactPhone, NamePattern = $"%{name}%", EmailPattern = $"%{email}%" });

    private static async Task<ParticipationResponse> ParticipationAsync(HttpClient client, F fixture) =>
        await (await client.GetAsync(GetParticipationRequest.BuildRoute(fixture.Slug, fixture.Project.Id, fixture.Region.Ags("004")))).ReadAsync<ParticipationResponse>();

    private sealed record VoteRow
    {
        public string Reference { get; init; } = string.Empty;

        public string Result { get; init; } = string.Empty;

        public int Yes { get; init; }

        public int No { get; init; }

        public int Abstain { get; init; }

        public string Ags { get; init; } = string.Empty;

        public string Vote { get; init; } = string.Empty;
    }
}
