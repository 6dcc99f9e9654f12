using System.Globalization;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Circulations;
using SmartRegion.Api.Features.Committee;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;
using SmartRegion.Api.Features.Regions;

namespace SmartRegion.Api.Features.Demo;

/// <summary>
/// The Lenkungskreis story of the demo region: two held meetings (LK 2025/1 closed, LK 2025/2 held) whose decisions
/// adopted the example projects that are adopted or further along, promoted one Potentialprojekt and rejected one
/// proposal; one planned meeting (LK 2026/1) with its agenda; one open circulation with a few votes cast. Every
/// write goes through the use cases the endpoints run (states only through their transitions), so the projects'
/// history names the decisions exactly as a real meeting would.
/// </summary>
internal static class DemoCommittee
{
    public const string FirstMeetingNumber = "LK 2025/1";
    private const string Actor = "demo-seed";

    /// <summary>The Potentialprojekt that LK 2025/2 promotes to a Leitprojekt.</summary>
    private const string PromotedCode = "LP-16";

    // Fictional delegates, one per seat (AGS order of DemoSeeder's members).
    private static readonly Dictionary<string, string> Delegates = new(StringComparer.Ordinal)
    {
        ["05570000"] = "Dr. Anna Lindner",
        ["05570004"] = "Jörg Brune",
        ["05570008"] = "Sabine Hölscher",
        ["05570012"] = "Thomas Wiese",
        ["05570016"] = "Claudia Pohl",
        ["05570020"] = "Markus Elsner",
        ["05570024"] = "Petra Kottmann",
        ["05570028"] = "Stefan Ahrens",
        ["05570032"] = "Miriam Voss",
        ["05570036"] = "Andreas Tenbrink",
        ["05570040"] = "Julia Rohde",
        ["05570044"] = "Frank Lammers",
        ["05570048"] = "Heike Brockmann",
        ["05570052"] = "Daniel Schöne",
    };

    /// <summary>Where an example project starts the story: anything adopted or further along is still proposed.</summary>
    public static ProjectStatus StartStatus(DemoProject example) =>
        example.Status is ProjectStatus.Adopted or ProjectStatus.InImplementation or ProjectStatus.OnHold or ProjectStatus.Completed
            ? ProjectStatus.Proposed
            : example.Status;

    public static ProjectCategory StartCategory(DemoProject example) =>
        example.Code == PromotedCode ? ProjectCategory.Potential : example.Category;

    /// <summary>The story is told once: when its first meeting exists, the seed leaves the Lenkungskreis alone.</summary>
    public static async Task<bool> IsSeededAsync(DbSession session, Guid regionId) =>
        await MeetingRules.FindIdByNumberAsync(session, regionId, FirstMeetingNumber) is not null;

    /// <param name="strategyVersionId">The strategy version in consultation that LK 2025/1's strategy decision approves; null leaves the region without an approved strategy.</param>
    public static async Task SeedAsync(DbSession session, RegionRow region, IReadOnlyList<string> seats, Guid? strategyVersionId, DateTimeOffset now)
    {
        var projects = new Dictionary<string, ProjectRow>(StringComparer.Ordinal);
        foreach (var example in DemoProjects.All)
        {
            var project = (await ProjectAccess.FindByCodeAsync(session, region.Id, example.Code))?.Project;
            // Projects an earlier seed stored where the story ends cannot be decided on again; leave the region as it is.
            if (project is null || project.StatusValue != StartStatus(example) || project.CategoryValue != StartCategory(example))
            {
                return;
            }

            projects[example.Code] = project;
        }

        await SeedDelegatesAsync(session, region, seats, now);
        var story = new Story(session, region, seats, projects, strategyVersionId, now);
        await story.FirstMeetingAsync();
        await story.SecondMeetingAsync();
        await story.PlannedMeetingAsync();
        await story.OpenCirculationAsync();
    }

    private static async Task SeedDelegatesAsync(DbSession session, RegionRow region, IReadOnlyList<string> seats, DateTimeOffset now)
    {
        foreach (var ags in seats)
        {
            if (await DelegatesNaming.FindSeatAsync(session, region.Id, ags) is not { Version: null })
            {
                continue;
            }

            await DelegatesNaming.PutAsync(session, region, new PutDelegatesRequest { Slug = region.Slug, Ags = ags, Delegates = Delegates[ags] }, expectedVersion: null, Actor, now);
        }
    }

    /// <summary>Votes of the present seats: the first <c>yes</c> seats vote yes, then <c>no</c> no, the last <c>abstain</c> abstain.</summary>
    private sealed record Tally(int Yes, int No = 0, int Abstain = 0);

    private sealed class Story(
        DbSession session, RegionRow region, IReadOnlyList<string> seats, Dictionary<string, ProjectRow> projects, Guid? strategyVersionId, DateTimeOffset now)
    {
        private static readonly TimeSpan Berlin = TimeSpan.FromHours(1);

        public async Task FirstMeetingAsync()
        {
            var startsAt = new DateTimeOffset(2025, 3, 12, 14, 0, 0, Berlin);
            var meeting = await PlanAsync(FirstMeetingNumber, "Konstituierende Sitzung des Lenkungskreises", startsAt, "Kreishaus Warendorf, Sitzungssaal", new DateOnly(2025, 2, 26));
            var opening = await AddItemAsync(meeting, "TOP 1", "Eröffnung und Feststellung der Beschlussfähigkeit", null, isPublic: true);
            var strategy = await AddItemAsync(opening.Meeting, "TOP 2", "Gemeinsame Smart Region-Strategie",
                "Beispiel: Beratung und Beschluss der gemeinsamen Strategie mit Vision und sechs Handlungsfeldern.", isPublic: true);
            string[] firstPhase = ["LP-01", "LP-04", "LP-07", "LP-09", "LP-12", "LP-18"];
            var leadProjects = await AddItemAsync(strategy.Meeting, "TOP 3", "Leitprojekte der ersten Umsetzungsphase",
                "Beispiel: Aufnahme der ersten Leitprojekte in die Umsetzung.", isPublic: true, firstPhase);
            var misc = await AddItemAsync(leadProjects.Meeting, "TOP 4", "Verschiedenes", null, isPublic: true);

            // Beelen's seat is excused: 13 of 14 present.
            var held = await AttendAsync(await MoveAsync(misc.Meeting, MeetingState.Held, null), excused: ["05570012"]);
            var present = seats.Count - 1;
            var decidedAt = startsAt.AddMinutes(20);
            if (strategyVersionId is { } versionId)
            {
                await DecideAsync(held, strategy.Item, "LK-2025/1-1", "Gemeinsame Smart Region-Strategie, Version 1.0",
                    "Der Lenkungskreis beschließt die gemeinsame Smart Region-Strategie des Kreises Warendorf und seiner 13 Städte und Gemeinden in der Version 1.0.",
                    DecisionType.ApproveStrategy, null, present, new Tally(present), decidedAt, versionId);
            }

            Tally[] tallies = [new(13), new(12, 0, 1), new(11, 1, 1), new(13), new(13), new(12, 0, 1)];
            for (var i = 0; i < firstPhase.Length; i++)
            {
                await AdoptAsync(held, leadProjects.Item, $"LK-2025/1-{i + 2}", firstPhase[i], present, tallies[i], decidedAt.AddMinutes(15 * (i + 1)));
            }

            // What happened after the adoptions: explicit moves, as a coordinator would report them.
            foreach (var code in new[] { "LP-01", "LP-04", "LP-09", "LP-12", "LP-18" })
            {
                await MoveProjectAsync(code, ProjectStatus.InImplementation, "Beispiel: Umsetzung begonnen.");
            }

            await MoveProjectAsync("LP-09", ProjectStatus.Completed, "Beispiel: Kita-Platzbörse in Betrieb genommen.");
            await MoveProjectAsync("LP-07", ProjectStatus.OnHold, "Beispiel: Der Förderbescheid steht noch aus.");

            var withMinutes = await MinutesAsync(held,
                "Beispielprotokoll: Der Lenkungskreis ist mit 13 von 14 Sitzen beschlussfähig. Er beschließt die gemeinsame Strategie einstimmig und nimmt sechs Leitprojekte in die Umsetzung auf.");
            await MoveAsync(withMinutes, MeetingState.Closed, "Protokoll abgestimmt.");
        }

        public async Task SecondMeetingAsync()
        {
            var startsAt = new DateTimeOffset(2025, 9, 24, 15, 0, 0, TimeSpan.FromHours(2));
            var meeting = await PlanAsync("LK 2025/2", "Sitzung des Lenkungskreises", startsAt, "Rathaus Ahlen, Ratssaal", new DateOnly(2025, 9, 3));
            var report = await AddItemAsync(meeting, "TOP 1", "Bericht aus den laufenden Leitprojekten", null, isPublic: true, ["LP-01", "LP-04", "LP-12", "LP-18"]);
            string[] secondPhase = ["LP-02", "LP-05", "LP-08", "LP-13", "LP-17"];
            var leadProjects = await AddItemAsync(report.Meeting, "TOP 2", "Weitere Leitprojekte",
                "Beispiel: Aufnahme weiterer Leitprojekte in die Umsetzung.", isPublic: true, secondPhase);
            var promotion = await AddItemAsync(leadProjects.Meeting, "TOP 3", "Gründer- und Coworking-Netzwerk als Leitprojekt",
                "Beispiel: Aufnahme eines Potentialprojekts in die Leitprojekte.", isPublic: true, [PromotedCode]);
            var shuttle = await AddItemAsync(promotion.Meeting, "TOP 4", "Autonomer Shuttle im ländlichen Raum",
                "Beispiel: Beratung über die Finanzierung (nicht öffentlich).", isPublic: false, ["PP-02"]);

            // Sassenberg and Wadersloh are excused: 12 of 14 present.
            var held = await AttendAsync(await MoveAsync(shuttle.Meeting, MeetingState.Held, null), excused: ["05570036", "05570048"]);
            var present = seats.Count - 2;
            var decidedAt = startsAt.AddMinutes(40);
            Tally[] tallies = [new(12), new(10, 1, 1), new(11, 0, 1), new(9, 2, 1), new(12)];
            for (var i = 0; i < secondPhase.Length; i++)
            {
                await AdoptAsync(held, leadProjects.Item, $"LK-2025/2-{i + 1}", secondPhase[i], present, tallies[i], decidedAt.AddMinutes(10 * i));
            }

            await DecideAsync(held, promotion.Item, "LK-2025/2-6", "Aufnahme in die Leitprojekte: Gründer- und Coworking-Netzwerk",
                "Der Lenkungskreis nimmt das Potentialprojekt \"Gründer- und Coworking-Netzwerk\" in die Leitprojekte auf.",
                DecisionType.PromoteToLead, projects[PromotedCode].Id, present, new Tally(10, 1, 1), decidedAt.AddMinutes(60));
            // Rejected: the project stays proposed and a Potentialprojekt.
            await DecideAsync(held, shuttle.Item, "LK-2025/2-7", "Umsetzung: Autonomer Shuttle im ländlichen Raum",
                "Der Lenkungskreis beschließt die Umsetzung des Pilotvorhabens \"Autonomer Shuttle im ländlichen Raum\".",
                DecisionType.AdoptProject, projects["PP-02"].Id, present, new Tally(3, 7, 2), decidedAt.AddMinutes(75));
        }

        public async Task PlannedMeetingAsync()
        {
            // Three weeks after seeding, so that the demo always has an upcoming meeting.
            var startsAt = new DateTimeOffset(now.UtcDateTime.Date.AddDays(21).AddHours(13), TimeSpan.Zero);
            var meeting = await PlanAsync("LK 2026/1", "Sitzung des Lenkungskreises", startsAt, "Rathaus Warendorf, Ratssaal", DateOnly.FromDateTime(now.UtcDateTime));
            var minutes = await AddItemAsync(meeting, "TOP 1", "Genehmigung des Protokolls der Sitzung LK 2025/2", null, isPublic: true);
            var circulation = await AddItemAsync(minutes.Meeting, "TOP 2", "Ergebnis des Umlaufverfahrens: LoRaWAN-Sensornetz",
                "Beispiel: Bericht über das laufende Umlaufverfahren.", isPublic: true, ["LP-03"]);
            var budget = await AddItemAsync(circulation.Meeting, "TOP 3", "Eigenanteile der Mitglieder im kommenden Haushaltsjahr",
                "Beispiel: Abstimmung der Haushaltsansätze (nicht öffentlich).", isPublic: false, ["LP-01", "LP-12"]);
            await AddItemAsync(budget.Meeting, "TOP 4", "Neue Vorschläge: Open-Data-Portal und Klimadaten-Dashboard",
                "Beispiel: Vorstellung zweier vorgeschlagener Leitprojekte.", isPublic: true, ["LP-14", "LP-06"]);
        }

        public async Task OpenCirculationAsync()
        {
            var outcome = await CirculationOpening.OpenAsync(session, region, new OpenCirculationRequest
            {
                Slug = region.Slug,
                Reference = $"LK-UV-{now.Year.ToString(CultureInfo.InvariantCulture)}/1",
                Title = "Umsetzung: LoRaWAN-Sensornetz für die Region",
                Text = "Der Lenkungskreis beschließt im Umlaufverfahren die Umsetzung des Leitprojekts \"LoRaWAN-Sensornetz für die Region\".",
                Type = DecisionType.AdoptProject,
                ProjectId = projects["LP-03"].Id,
                Deadline = MeetingRules.Normalize(now.AddDays(30)),
            }, Actor, now);
            var row = outcome.Circulation?.Row
                ?? throw new InvalidOperationException($"The demo circulation is invalid: {string.Join(" ", outcome.Failures.Select(failure => failure.ErrorMessage))}");

            // Four of 14 seats have voted; the others still can.
            (string Ags, VoteChoice Vote)[] votes = [("05570000", VoteChoice.Yes), ("05570032", VoteChoice.Yes), ("05570044", VoteChoice.Abstain), ("05570052", VoteChoice.Yes)];
            foreach (var (ags, vote) in votes)
            {
                await CirculationVoting.CastAsync(session, region.Id, new VoteInCirculationRequest { Slug = region.Slug, Id = row.Id, Vote = vote, Ags = ags }, ags, Actor, now);
            }
        }

        private async Task<MeetingRow> PlanAsync(string number, string title, DateTimeOffset startsAt, string location, DateOnly invitationDate)
        {
            var planned = await MeetingPlanning.PlanAsync(session, region, new CreateMeetingRequest
            {
                Slug = region.Slug,
                Number = number,
                Title = title,
                StartsAt = startsAt,
                EndsAt = startsAt.AddHours(2.5),
                Location = location,
                InvitationDate = invitationDate,
            }, Actor, now);
            return planned.Meeting;
        }

        private async Task<(MeetingRow Meeting, AgendaItemRow Item)> AddItemAsync(
            MeetingRow meeting, string number, string title, string? description, bool isPublic, string[]? projectCodes = null)
        {
            var added = await AgendaItemAddition.AddAsync(session, region, meeting, new AddAgendaItemRequest
            {
                Slug = region.Slug,
                Id = meeting.Id,
                Number = number,
                Title = title,
                Description = description,
                IsPublic = isPublic,
                ProjectIds = (projectCodes ?? []).Select(code => projects[code].Id).ToList(),
            }, Actor, now);
            DemoSeeder.Ensure(added.Failures, $"agenda item {number} of {meeting.Number}");
            return ((await MeetingRules.ReloadAsync(session, meeting)).Meeting, added.Item!);
        }

        /// <summary>Moves the meeting as it stands now, like a client that read it and sends its ETag.</summary>
        private async Task<MeetingRow> MoveAsync(MeetingRow meeting, MeetingState to, string? reason)
        {
            var whole = await MeetingRules.ReloadAsync(session, meeting);
            var moved = await MeetingTransition.ApplyAsync(session, whole, new TransitionMeetingRequest { Slug = region.Slug, Id = meeting.Id, To = to, Reason = reason },
                Current(whole.Meeting), Actor, now);
            return moved.Meeting;
        }

        /// <summary>Records every seat: present with its delegate, or excused.</summary>
        private async Task<MeetingRow> AttendAsync(MeetingRow meeting, string[] excused)
        {
            var whole = await MeetingRules.ReloadAsync(session, meeting);
            var recorded = await AttendanceRecording.RecordAsync(session, whole, new RecordAttendanceRequest
            {
                Slug = region.Slug,
                Id = meeting.Id,
                Entries = seats.Select(ags => excused.Contains(ags)
                    ? new AttendanceEntryInput { Ags = ags, Status = AttendanceStatus.Excused }
                    : new AttendanceEntryInput { Ags = ags, Status = AttendanceStatus.Present, DelegateName = Delegates[ags] }).ToList(),
            }, Current(whole.Meeting), Actor, now);
            DemoSeeder.Ensure(recorded.Failures, $"attendance of {meeting.Number}");
            return recorded.Meeting!.Meeting;
        }

        private async Task<MeetingRow> MinutesAsync(MeetingRow meeting, string minutes)
        {
            var current = (await MeetingRules.ReloadAsync(session, meeting)).Meeting;
            var updated = await MinutesUpdate.ReplaceAsync(session, current, new UpdateMinutesRequest { Slug = region.Slug, Id = meeting.Id, Minutes = minutes },
                Current(current), Actor, now);
            return updated.Meeting;
        }

        private static IfMatch Current(MeetingRow meeting) => new(Any: false, [meeting.Version]);

        private Task AdoptAsync(MeetingRow meeting, AgendaItemRow item, string reference, string code, int present, Tally tally, DateTimeOffset decidedAt)
        {
            var title = DemoProjects.All.Single(example => example.Code == code).Title["Beispiel: ".Length..];
            return DecideAsync(meeting, item, reference, $"Umsetzung: {title}",
                $"Der Lenkungskreis beschließt die Umsetzung des Leitprojekts \"{title}\".",
                DecisionType.AdoptProject, projects[code].Id, present, tally, decidedAt);
        }

        /// <summary>Records the decision through <c>recordDecision</c>'s use case: votes of the present seats, effects on the project in this transaction.</summary>
        private async Task DecideAsync(
            MeetingRow meeting, AgendaItemRow item, string reference, string title, string text, DecisionType type, Guid? projectId,
            int present, Tally tally, DateTimeOffset decidedAt, Guid? strategyVersionId = null)
        {
            var attendance = (await MeetingRules.ReloadAsync(session, meeting)).Attendance;
            var voters = attendance.Where(seat => seat.Status == EnumText.ToText(AttendanceStatus.Present)).Select(seat => seat.Ags).Order(StringComparer.Ordinal).ToList();
            if (voters.Count != present || tally.Yes + tally.No + tally.Abstain > present)
            {
                throw new InvalidOperationException($"The demo decision {reference} does not match the attendance of {meeting.Number}.");
            }

            var votes = voters.Take(tally.Yes).Select(ags => (ags, VoteChoice.Yes))
                .Concat(voters.Skip(tally.Yes).Take(tally.No).Select(ags => (ags, VoteChoice.No)))
                .Concat(voters.Skip(present - tally.Abstain).Select(ags => (ags, VoteChoice.Abstain)))
                .Select(vote => new VoteInput { Ags = vote.ags, Vote = vote.Item2 })
                .ToList();
            var recorded = await DecisionRecording.RecordAsync(session, region, new RecordDecisionRequest
            {
                Slug = region.Slug,
                MeetingId = meeting.Id,
                AgendaItemId = item.Id,
                Reference = reference,
                Title = title,
                Text = text,
                Type = type,
                ProjectId = projectId,
                StrategyVersionId = strategyVersionId,
                Votes = votes,
            }, Actor, now, MeetingRules.Normalize(decidedAt));
            DemoSeeder.Ensure(recorded.Failures, $"decision {reference}");
        }

        private async Task MoveProjectAsync(string code, ProjectStatus to, string reason)
        {
            var project = (await ProjectAccess.FindAsync(session, region.Id, projects[code].Id))?.Project
                ?? throw new InvalidOperationException($"The demo project {code} vanished while it was seeded.");
            await ProjectTransitions.ChangeStatusAsync(session, project, to, reason, Actor, now);
        }
    }
}
