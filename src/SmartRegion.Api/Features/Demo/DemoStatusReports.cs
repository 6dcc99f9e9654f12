using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Features.StatusReports;

namespace SmartRegion.Api.Features.Demo;

/// <summary>
/// Status reports of the running example projects, through the use case of <c>createStatusReport</c>, so the
/// projects and a dashboard show something real: one red project (LP-04) and one whose last report is older than the
/// region's reporting interval (LP-18, overdue). Dates count back from the day of seeding. A project that already
/// has a report is left alone, so seeding twice changes nothing.
/// </summary>
internal static class DemoStatusReports
{
    private const string Actor = "demo-seed";

    /// <summary>Per running example: days before today, traffic light, progress, summary, next steps, risks.</summary>
    private static readonly (string Code, (int DaysAgo, TrafficLight Light, int Progress, string Summary, string NextSteps, string? Risks)[] Reports)[] Examples =
    [
        ("LP-01",
        [
            (100, TrafficLight.Green, 25, "Beispiel: Markterkundung abgeschlossen, Ausbaugebiete in Ahlen und Beckum festgelegt.", "Ausschreibung des Tiefbaus.", null),
            (20, TrafficLight.Green, 45, "Beispiel: Tiefbau im Gewerbegebiet Ahlen-West zu 60 % fertig.", "Anschluss der ersten Betriebe im Frühjahr.", "Witterung im Winter."),
        ]),
        ("LP-04",
        [
            (10, TrafficLight.Red, 30, "Beispiel: Die Schnittstelle zum Verkehrsverbund fehlt noch; die App kann keine Echtzeitdaten zeigen.", "Klärungsgespräch mit dem Verkehrsverbund, Entscheidung im Lenkungskreis.", "Verzögerung um etwa sechs Monate; Fördermittel könnten verfallen."),
        ]),
        ("LP-12",
        [
            (30, TrafficLight.Yellow, 60, "Beispiel: 38 von 60 Leistungen online; Sendenhorst und Telgte noch nicht angebunden.", "Anbindung der beiden fehlenden Verwaltungen.", "Personal in den IT-Abteilungen knapp."),
        ]),
        ("LP-18",
        [
            (120, TrafficLight.Green, 15, "Beispiel: Erfassung der Ladenlokale in Wadersloh begonnen.", "Erfassung in den übrigen Ortskernen.", null),
        ]),
    ];

    public static async Task SeedAsync(DbSession session, RegionRow region, DateTimeOffset now)
    {
        var today = CouncilTime.Today(now);
        foreach (var (code, reports) in Examples)
        {
            var project = await ProjectAccess.FindByCodeAsync(session, region.Id, code);
            if (project is null || project.LatestStatus is not null || project.Project.StatusValue != ProjectStatus.InImplementation)
            {
                continue;
            }

            var current = project.Project;
            foreach (var (daysAgo, light, progress, summary, nextSteps, risks) in reports)
            {
                await StatusReporting.ReportAsync(session, current, new CreateStatusReportRequest
                {
                    Slug = region.Slug,
                    Id = current.Id,
                    ReportingDate = today.AddDays(-daysAgo),
                    TrafficLight = light,
                    ProgressPercent = progress,
                    Summary = summary,
                    NextSteps = nextSteps,
                    Risks = risks,
                }, Actor, now);
                // Each report is a new version of the project; the next one builds on it.
                current = (await ProjectAccess.FindAsync(session, region.Id, current.Id))!.Project;
            }
        }
    }
}
