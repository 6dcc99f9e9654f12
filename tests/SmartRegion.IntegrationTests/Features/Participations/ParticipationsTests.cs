using System.Net;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.Participations;

[Collection(SqliteCollection.Name)]
public sealed class ParticipationsTestsOnSqlite(SqliteApp app) : ParticipationsTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ParticipationsTestsOnSqlServer(SqlServerApp app) : ParticipationsTests(app);

/// <summary>
/// Participations through <c>PUT …/participations/{ags}</c>, reads and lists: who may record what, the ETag rules
/// of an upsert, the shape rules, and that a refused request stores nothing.
/// </summary>
public abstract class ParticipationsTests
{
    private const string Ahlen = "004";
    private const string Beckum = "008";
    private const string Beelen = "012";
    private const string Drensteinfurt = "016";

    private readonly SmartRegionApp app;

    protected ParticipationsTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_member_records_its_participation_and_replaces_it_with_the_current_ETag()
    {
        var (region, _, project) = await ArrangeAsync();
        var (ahlen, actor) = await MemberWithActorAsync(region, region.Ags(Ahlen));
        var route = PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Ahlen));

        var created = await ahlen.PutJsonAsync(route, new PutParticipationRequest
        {
            Role = ParticipationRole.Partner,
            Contact = new ParticipationContactInput { Name = "Amt für Digitalisierung", Email = "digital@ahlen.example" },
            StaffFte = 0.5m,
            Note = "Vorbehaltlich Haushalt 2025",
        }, ifMatch: null);

        var participation = await created.ReadAsync<ParticipationResponse>(HttpStatusCode.Created);
        Assert.Equal(GetParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Ahlen)), created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.ETag());
        Assert.Equal((project.Id, region.Ags(Ahlen), ParticipationRole.Partner, ParticipationState.Interested, 1),
            (participation.ProjectId, participation.Ags, participation.Role, participation.State, participation.Version));
        Assert.Equal(new ParticipationContact("Amt für Digitalisierung", "digital@ahlen.example"), participation.Contact);
        Assert.Equal(0.5m, participation.StaffFte);
        Assert.Null(participation.CustomPercent);
        Assert.Null(participation.CouncilResolution);
        Assert.Equal(participation.CreatedAt, participation.UpdatedAt);
        Assert.Equal(participation, await ParticipationApi.GetAsync(ahlen, region.Slug, project.Id, region.Ags(Ahlen)));

        var replaced = await ahlen.PutJsonAsync(route, new PutParticipationRequest { Role = ParticipationRole.Lead, StaffFte = 1.25m }, created.ETag());

        var after = await replaced.ReadAsync<ParticipationResponse>();
        Assert.Equal("\"2\"", replaced.ETag());
        Assert.Equal((ParticipationRole.Lead, ParticipationState.Interested, 2, 1.25m), (after.Role, after.State, after.Version, after.StaffFte));
        Assert.Null(after.Contact);
        Assert.Null(after.Note);
        Assert.Equal(participation.CreatedAt, after.CreatedAt);
        Assert.Equal(after, await ParticipationApi.GetAsync(ahlen, region.Slug, project.Id, region.Ags(Ahlen)));

        var history = await HistoryAsync(ahlen, region, project.Id, region.Ags(Ahlen));
        Assert.Equal(
            [(ParticipationHistoryKinds.Created, (ParticipationState?)null, (ParticipationState?)ParticipationState.Interested, actor)],
            history.Take(1).Select(e => (e.Kind, e.FromState, e.ToState, e.Actor)));
        Assert.Equal(ParticipationHistoryKinds.Updated, history[1].Kind);
        Assert.Equal(["role", "contact.name", "contact.email", "staffFte", "note"], history[1].ChangedFields);
        Assert.Equal(2, history.Count);
    }

    [Fact]
    public async Task Replacing_needs_If_Match_creating_refuses_one_and_refused_requests_store_nothing()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var route = PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Ahlen));
        var body = new PutParticipationRequest { Role = ParticipationRole.Partner };

        var createWithIfMatch = await coordinator.PutJsonAsync(route, body, Preconditions.ETagFor(1));
        await createWithIfMatch.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
        await (await coordinator.GetAsync(route)).ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);

        var created = await (await coordinator.PutJsonAsync(route, body, ifMatch: null)).ReadAsync<ParticipationResponse>(HttpStatusCode.Created);
        var changed = new PutParticipationRequest { Role = ParticipationRole.Observer };
        var missing = await coordinator.PutJsonAsync(route, changed, ifMatch: null);
        var stale = await coordinator.PutJsonAsync(route, changed, Preconditions.ETagFor(created.Version + 1));
        // If-Match compares strongly (RFC 9110), so a weak tag of the current version matches nothing.
        var weak = await coordinator.PutJsonAsync(route, changed, "W/" + Preconditions.ETagFor(created.Version));

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired, ProblemTypes.PreconditionRequired);
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
        await weak.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
        Assert.Equal(created, await ParticipationApi.GetAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen)));
        Assert.Single(await HistoryAsync(coordinator, region, project.Id, region.Ags(Ahlen)));
    }

    [Fact]
    public async Task Replacing_with_the_same_content_keeps_the_version_and_If_None_Match_gives_304()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var route = PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Ahlen));
        var body = new PutParticipationRequest { Role = ParticipationRole.Partner, StaffFte = 2m, Note = "unverändert" };
        var created = await (await coordinator.PutJsonAsync(route, body, ifMatch: null)).ReadAsync<ParticipationResponse>(HttpStatusCode.Created);

        var same = await coordinator.PutJsonAsync(route, body, created.ETag());
        var conditional = new HttpRequestMessage(HttpMethod.Get, route);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", created.ETag());
        var notModified = await coordinator.SendAsync(conditional);

        Assert.Equal(created, await same.ReadAsync<ParticipationResponse>());
        Assert.Equal(created.ETag(), same.ETag());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Single(await HistoryAsync(coordinator, region, project.Id, region.Ags(Ahlen)));
    }

    [Fact]
    public async Task A_member_manages_only_its_own_participation_and_the_coordinator_any_members()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var ahlen = await region.MemberAsync(region.Ags(Ahlen));
        var body = new PutParticipationRequest { Role = ParticipationRole.Partner };

        var forBeckum = await ahlen.PutJsonAsync(PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Beckum)), body, ifMatch: null);
        var byCoordinator = await coordinator.PutJsonAsync(PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Beckum)), body, ifMatch: null);
        var beckums = await byCoordinator.ReadAsync<ParticipationResponse>(HttpStatusCode.Created);
        var changeBeckums = await ahlen.PutJsonAsync(
            PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Beckum)), new PutParticipationRequest { Role = ParticipationRole.Observer }, beckums.ETag());

        await forBeckum.ShouldBeProblemAsync(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await changeBeckums.ShouldBeProblemAsync(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        Assert.Equal(beckums, await ParticipationApi.GetAsync(ahlen, region.Slug, project.Id, region.Ags(Beckum)));
        Assert.Single(await HistoryAsync(coordinator, region, project.Id, region.Ags(Beckum)));
    }

    [Fact]
    public async Task Readers_and_admins_may_read_but_not_write()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var participation = await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Partner);
        var reader = await region.ReaderAsync();
        var route = PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Ahlen));
        var body = new PutParticipationRequest { Role = ParticipationRole.Observer };

        var byReader = await reader.PutJsonAsync(route, body, participation.ETag());
        var byAdmin = await app.Admin().PutJsonAsync(route, body, participation.ETag());
        var newByReader = await reader.PutJsonAsync(PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Beckum)), body, ifMatch: null);

        await byReader.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await byAdmin.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await newByReader.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(participation, await ParticipationApi.GetAsync(reader, region.Slug, project.Id, region.Ags(Ahlen)));
        Assert.Equal(participation, await ParticipationApi.GetAsync(app.Admin(), region.Slug, project.Id, region.Ags(Ahlen)));
        await (await reader.GetAsync(GetParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Beckum))))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task Unknown_members_and_projects_and_another_regions_ones_are_404_and_store_nothing()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var other = await app.NewRegionAsync();
        var otherCoordinator = await other.CoordinatorAsync();
        var steinfurtAgs = other.Ags("084");
        await ParticipationApi.CreateMemberAsync(otherCoordinator, other.Slug, steinfurtAgs, "Stadt Steinfurt");
        var otherProject = await new ProjectBuilder(other).BuildAsync();
        var steinfurt = await other.MemberAsync(steinfurtAgs);
        var body = new PutParticipationRequest { Role = ParticipationRole.Partner };

        var otherRegionsMember = await coordinator.PutJsonAsync(PutParticipationRequest.BuildRoute(region.Slug, project.Id, steinfurtAgs), body, ifMatch: null);
        var unknownMember = await coordinator.PutJsonAsync(PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags("099")), body, ifMatch: null);
        var otherRegionsProject = await coordinator.PutJsonAsync(PutParticipationRequest.BuildRoute(region.Slug, otherProject.Id, region.Ags(Ahlen)), body, ifMatch: null);
        var intoOtherRegion = await steinfurt.PutJsonAsync(PutParticipationRequest.BuildRoute(region.Slug, project.Id, steinfurtAgs), body, ifMatch: null);
        var unknownProject = await coordinator.PutJsonAsync(PutParticipationRequest.BuildRoute(region.Slug, Guid.CreateVersion7(), region.Ags(Ahlen)), body, ifMatch: null);

        foreach (var response in new[] { otherRegionsMember, unknownMember, otherRegionsProject, intoOtherRegion, unknownProject })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }

        Assert.Empty((await ListAsync(coordinator, ListProjectParticipationsRequest.BuildRoute(region.Slug, project.Id))).Items);
        Assert.Empty((await ListAsync(otherCoordinator, ListProjectParticipationsRequest.BuildRoute(other.Slug, otherProject.Id))).Items);
        await (await otherCoordinator.GetAsync(ListProjectParticipationsRequest.BuildRoute(region.Slug, project.Id)))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await (await otherCoordinator.GetAsync(ListMemberParticipationsRequest.BuildRoute(region.Slug, region.Ags(Ahlen))))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task Invalid_fields_are_400_naming_each_field_and_store_nothing()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var route = PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Ahlen));

        var cases = new (PutParticipationRequest Body, string Field)[]
        {
            (new PutParticipationRequest(), "role"),
            (new PutParticipationRequest { Role = ParticipationRole.Partner, Contact = new ParticipationContactInput { Email = "kein-mailadresse" } }, "contact.email"),
            (new PutParticipationRequest { Role = ParticipationRole.Partner, Contact = new ParticipationContactInput { Name = new string('ä', 201) } }, "contact.name"),
            (new PutParticipationRequest { Role = ParticipationRole.Partner, Contact = new ParticipationContactInput { Email = new string('a', 250) + "@x.de" } }, "contact.email"),
            (new PutParticipationRequest { Role = ParticipationRole.Partner, StaffFte = -0.5m }, "staffFte"),
            (new PutParticipationRequest { Role = ParticipationRole.Partner, StaffFte = 0.125m }, "staffFte"),
            (new PutParticipationRequest { Role = ParticipationRole.Partner, StaffFte = 1000.01m }, "staffFte"),
            (new PutParticipationRequest { Role = ParticipationRole.Partner, Note = new string('ß', 2001) }, "note"),
            // The project shares its cost equally: a percentage has no meaning there.
            (new PutParticipationRequest { Role = ParticipationRole.Partner, CustomPercent = 20m }, "customPercent"),
            (new PutParticipationRequest { Role = ParticipationRole.Observer, CustomPercent = 20m }, "customPercent"),
        };

        foreach (var (body, field) in cases)
        {
            var problem = await (await coordinator.PutJsonAsync(route, body, ifMatch: null)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
            Assert.Equal([field], problem.Errors!.Keys);
        }

        var unknownRole = await coordinator.SendRawAsync(HttpMethod.Put, route, """{"role": "sponsor"}""");
        await unknownRole.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        await (await coordinator.GetAsync(route)).ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        var atTheLimits = await coordinator.PutJsonAsync(route, new PutParticipationRequest { Role = ParticipationRole.Partner, StaffFte = 1000m }, ifMatch: null);
        Assert.Equal(1000m, (await atTheLimits.ReadAsync<ParticipationResponse>(HttpStatusCode.Created)).StaffFte);
    }

    [Fact]
    public async Task A_custom_percentage_is_taken_only_for_the_custom_key_and_never_for_observers()
    {
        var (region, coordinator, equalProject) = await ArrangeAsync();
        var customProject = await CustomKeyProjectAsync(region, coordinator);

        var partner = await ParticipationApi.PutAsync(coordinator, region.Slug, customProject.Id, region.Ags(Ahlen), ParticipationRole.Partner, customPercent: 33.33m);
        var observer = await coordinator.PutJsonAsync(
            PutParticipationRequest.BuildRoute(region.Slug, customProject.Id, region.Ags(Beckum)),
            new PutParticipationRequest { Role = ParticipationRole.Observer, CustomPercent = 0m },
            ifMatch: null);
        var tooMuch = await coordinator.PutJsonAsync(
            PutParticipationRequest.BuildRoute(region.Slug, customProject.Id, region.Ags(Beelen)),
            new PutParticipationRequest { Role = ParticipationRole.Partner, CustomPercent = 100.01m },
            ifMatch: null);
        var onEqual = await coordinator.PutJsonAsync(
            PutParticipationRequest.BuildRoute(region.Slug, equalProject.Id, region.Ags(Ahlen)),
            new PutParticipationRequest { Role = ParticipationRole.Lead, CustomPercent = 50m },
            ifMatch: null);

        Assert.Equal(33.33m, partner.CustomPercent);
        Assert.Equal(partner, await ParticipationApi.GetAsync(coordinator, region.Slug, customProject.Id, region.Ags(Ahlen)));
        Assert.Equal(["customPercent"], (await observer.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation)).Errors!.Keys);
        Assert.Equal(["customPercent"], (await tooMuch.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation)).Errors!.Keys);
        Assert.Equal(["customPercent"], (await onEqual.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation)).Errors!.Keys);
        Assert.Single((await ListAsync(coordinator, ListProjectParticipationsRequest.BuildRoute(region.Slug, customProject.Id))).Items);
        Assert.Empty((await ListAsync(coordinator, ListProjectParticipationsRequest.BuildRoute(region.Slug, equalProject.Id))).Items);
    }

    [Fact]
    public async Task German_text_in_note_and_contact_round_trips_unchanged()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        const string Note = "„Teilnahme gemäß Beschluss“ – Größenordnung ½ Stelle, Übergabe an Straßenbauamt; ÄÖÜ äöü ß";
        var route = PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Ahlen));

        var created = await (await coordinator.PutJsonAsync(route, new PutParticipationRequest
        {
            Role = ParticipationRole.Partner,
            Contact = new ParticipationContactInput { Name = "Jürgen Größmann", Email = "j.groessmann@ahlen.example" },
            Note = Note,
        }, ifMatch: null)).ReadAsync<ParticipationResponse>(HttpStatusCode.Created);
        var raw = await (await coordinator.GetAsync(route)).Content.ReadAsStringAsync();

        Assert.Equal(Note, created.Note);
        Assert.Equal(Note, (await ParticipationApi.GetAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen))).Note);
        Assert.Equal("Jürgen Größmann", created.Contact!.Name);
        Assert.Contains(Note, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_projects_participations_are_listed_by_AGS_with_filters_and_pages()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Drensteinfurt), "Stadt Drensteinfurt");
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, project.Id, region.Ags(Drensteinfurt), ParticipationRole.Observer, ParticipationState.Interested);
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, project.Id, region.Ags(Beelen), ParticipationRole.Partner, ParticipationState.PendingCouncil);
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead, ParticipationState.Committed);
        var beforeBeckum = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner, ParticipationState.Committed);
        var reader = await region.ReaderAsync();
        var route = ListProjectParticipationsRequest.BuildRoute(region.Slug, project.Id);

        var all = await ListAsync(reader, route);
        var first = await reader.GetAsync($"{route}?limit=3");
        var firstPage = await first.ReadAsync<Page<ParticipationResponse>>();
        var secondPage = await ListAsync(reader, $"{route}?limit=3&cursor={firstPage.NextCursor}");
        var committed = await ListAsync(reader, $"{route}?state=committed");
        var partners = await ListAsync(reader, $"{route}?role=partner");
        var committedPartners = await ListAsync(reader, $"{route}?state=committed&role=partner");
        var recent = await ListAsync(reader, $"{route}?modifiedSince={Uri.EscapeDataString(beforeBeckum.ToString("O"))}");

        Assert.Equal([region.Ags(Ahlen), region.Ags(Beckum), region.Ags(Beelen), region.Ags(Drensteinfurt)], all.Items.Select(p => p.Ags));
        Assert.Null(all.NextCursor);
        Assert.Equal([region.Ags(Ahlen), region.Ags(Beckum), region.Ags(Beelen)], firstPage.Items.Select(p => p.Ags));
        Assert.Contains("rel=\"next\"", first.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        Assert.Equal([region.Ags(Drensteinfurt)], secondPage.Items.Select(p => p.Ags));
        Assert.Null(secondPage.NextCursor);
        Assert.Equal([region.Ags(Ahlen), region.Ags(Beckum)], committed.Items.Select(p => p.Ags));
        Assert.All(committed.Items, p => Assert.NotNull(p.CouncilResolution));
        Assert.Equal([region.Ags(Beckum), region.Ags(Beelen)], partners.Items.Select(p => p.Ags));
        Assert.Equal([region.Ags(Beckum)], committedPartners.Items.Select(p => p.Ags));
        Assert.Equal([region.Ags(Beckum)], recent.Items.Select(p => p.Ags));
        await (await reader.GetAsync($"{route}?state=archived")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await reader.GetAsync($"{route}?cursor=kaputt")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_members_participations_are_listed_by_project_code_across_the_region()
    {
        var (region, coordinator, _) = await ArrangeAsync();
        var p2 = await new ProjectBuilder(region).WithCode("LP-02").BuildAsync();
        var p1 = await new ProjectBuilder(region).WithCode("LP-01").BuildAsync();
        var p3 = await new ProjectBuilder(region).WithCode("PP-01").WithCategory(ProjectCategory.Potential).BuildAsync();
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, p2.Id, region.Ags(Ahlen), ParticipationRole.Lead, ParticipationState.Committed);
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, p1.Id, region.Ags(Ahlen), ParticipationRole.Partner, ParticipationState.Withdrawn);
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, p3.Id, region.Ags(Ahlen), ParticipationRole.Observer, ParticipationState.Interested);
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, p1.Id, region.Ags(Beckum), ParticipationRole.Partner, ParticipationState.Interested);
        var beckum = await region.MemberAsync(region.Ags(Beckum));
        var route = ListMemberParticipationsRequest.BuildRoute(region.Slug, region.Ags(Ahlen));

        // Any role of the region may read another member's participations; only writing is restricted.
        var all = await ListAsync(beckum, route);
        var firstPage = await ListAsync(beckum, $"{route}?limit=2");
        var secondPage = await ListAsync(beckum, $"{route}?limit=2&cursor={firstPage.NextCursor}");
        var withdrawn = await ListAsync(beckum, $"{route}?state=withdrawn");
        var observing = await ListAsync(beckum, $"{route}?role=observer");

        Assert.Equal([p1.Id, p2.Id, p3.Id], all.Items.Select(p => p.ProjectId));
        Assert.All(all.Items, p => Assert.Equal(region.Ags(Ahlen), p.Ags));
        Assert.Equal([p1.Id, p2.Id], firstPage.Items.Select(p => p.ProjectId));
        Assert.Equal([p3.Id], secondPage.Items.Select(p => p.ProjectId));
        Assert.Equal([p1.Id], withdrawn.Items.Select(p => p.ProjectId));
        Assert.Equal([p3.Id], observing.Items.Select(p => p.ProjectId));
        Assert.Empty((await ListAsync(beckum, ListMemberParticipationsRequest.BuildRoute(region.Slug, region.Ags(Beelen)))).Items);
        await (await beckum.GetAsync(ListMemberParticipationsRequest.BuildRoute(region.Slug, region.Ags("099"))))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task A_closed_project_takes_no_new_participations()
    {
        var (region, coordinator, _) = await ArrangeAsync();
        var discontinued = await new ProjectBuilder(region).InStatus(ProjectStatus.Discontinued).BuildAsync();
        var completed = await new ProjectBuilder(region).InStatus(ProjectStatus.Completed).BuildAsync();
        var body = new PutParticipationRequest { Role = ParticipationRole.Partner };

        var intoDiscontinued = await coordinator.PutJsonAsync(PutParticipationRequest.BuildRoute(region.Slug, discontinued.Id, region.Ags(Ahlen)), body, ifMatch: null);
        var intoCompleted = await coordinator.PutJsonAsync(PutParticipationRequest.BuildRoute(region.Slug, completed.Id, region.Ags(Ahlen)), body, ifMatch: null);

        await intoDiscontinued.ShouldBeProblemAsync(HttpStatusCode.Conflict, ParticipationLifecycle.ProjectClosedType);
        await intoCompleted.ShouldBeProblemAsync(HttpStatusCode.Conflict, ParticipationLifecycle.ProjectClosedType);
        Assert.Empty((await ListAsync(coordinator, ListMemberParticipationsRequest.BuildRoute(region.Slug, region.Ags(Ahlen)))).Items);
    }

    /// <summary>A region with Ahlen, Beckum and Beelen and a draft project that shares its cost equally.</summary>
    [Fact]
    public async Task Two_members_made_lead_in_parallel_leave_exactly_one_lead_and_the_other_gets_lead_taken()
    {
        // The one-lead unique index settles the race; the check before it cannot, since both requests pass it.
        var (region, coordinator, _) = await ArrangeAsync();
        for (var round = 0; round < 5; round++)
        {
            var project = await new ProjectBuilder(region).BuildAsync();
            var body = new PutParticipationRequest { Role = ParticipationRole.Lead };

            var responses = await Task.WhenAll(
                coordinator.PutJsonAsync(PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Ahlen)), body, ifMatch: null),
                coordinator.PutJsonAsync(PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Beckum)), body, ifMatch: null));

            var winner = Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Created);
            await Assert.Single(responses, response => response != winner).ShouldBeProblemAsync(HttpStatusCode.Conflict, ParticipationLifecycle.LeadTakenType);
            var lead = await winner.ReadAsync<ParticipationResponse>(HttpStatusCode.Created);
            var loser = lead.Ags == region.Ags(Ahlen) ? region.Ags(Beckum) : region.Ags(Ahlen);
            await (await coordinator.GetAsync(PutParticipationRequest.BuildRoute(region.Slug, project.Id, loser))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }
    }

    private async Task<(TestRegion Region, HttpClient Coordinator, ProjectResponse Project)> ArrangeAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Ahlen), "Stadt Ahlen");
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Beckum), "Stadt Beckum");
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Beelen), "Gemeinde Beelen");
        var project = await new ProjectBuilder(region).BuildAsync();
        return (region, coordinator, project);
    }

    private static async Task<ProjectResponse> CustomKeyProjectAsync(TestRegion region, HttpClient coordinator)
    {
        var draft = await new ProjectBuilder(region).BuildAsync();
        var response = await coordinator.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, draft.Id), new UpdateProjectRequest
        {
            Code = draft.Code,
            Title = draft.Title,
            FieldOfActionId = draft.FieldOfActionId,
            CostSharingKey = CostSharingKey.Custom,
        }, draft.ETag());
        return await response.ReadAsync<ProjectResponse>();
    }

    private static async Task<(HttpClient Client, string Actor)> MemberWithActorAsync(TestRegion region, string ags)
    {
        var key = await region.App.Keys.CreateAsync(RoleNames.Member, region.Slug, ags, "test member", CancellationToken.None);
        return (region.App.WithKey(key.Key), $"apikey:{key.Id:D}");
    }

    private static async Task<Page<ParticipationResponse>> ListAsync(HttpClient client, string route) =>
        await (await client.GetAsync(route)).ReadAsync<Page<ParticipationResponse>>();

    private static async Task<IReadOnlyList<ParticipationHistoryEntryResponse>> HistoryAsync(HttpClient client, TestRegion region, Guid projectId, string ags) =>
        (await (await client.GetAsync($"{ListParticipationHistoryRequest.BuildRoute(region.Slug, projectId, ags)}?limit={PageQuery.MaxLimit}"))
            .ReadAsync<Page<ParticipationHistoryEntryResponse>>()).Items;
}
