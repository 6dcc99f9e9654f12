using SmartRegion.Api.Domain;

namespace SmartRegion.Api.Features.Demo;

/// <summary>One example project of the demo region; <see cref="Field"/> is the 1-based field-of-action position.</summary>
internal sealed record DemoProject(
    string Code,
    string Title,
    string Summary,
    ProjectCategory Category,
    int Field,
    ProjectStatus Status,
    decimal? EstimatedCost,
    CostSharingKey Key,
    string? ProposedBy,
    DemoFunding? Funding = null);

/// <summary>A member's participation in an example project.</summary>
internal sealed record DemoParticipation(string Ags, ParticipationRole Role, ParticipationState State, decimal? CustomPercent = null);

/// <summary>A grant of an example project.</summary>
internal sealed record DemoFunding(string Programme, string FundingBody, decimal Amount, FundingStatus Status);

/// <summary>
/// 24 example projects (19 Leitprojekte, 5 Potentialprojekte) spread over the six Handlungsfelder, in different
/// states, some with funding. Titles start with "Beispiel:" so nobody mistakes them for the strategy's real projects.
/// </summary>
internal static class DemoProjects
{
    private const string Kreis = "05570000";

    public static readonly DemoProject[] All =
    [
        new("LP-01", "Beispiel: Glasfaser-Lückenschluss Gewerbegebiete", "Beispiel eines gemeinsamen Ausbaus in unterversorgten Gewerbegebieten.", ProjectCategory.Lead, 1, ProjectStatus.InImplementation, 850_000.00m, CostSharingKey.Population, Kreis,
            new DemoFunding("Gigabit-Förderung des Bundes", "Bundesministerium für Digitales und Verkehr", 425_000.00m, FundingStatus.Granted)),
        new("LP-02", "Beispiel: Öffentliches WLAN in Innenstädten", "Beispiel für einheitliche WLAN-Hotspots in allen Ortskernen.", ProjectCategory.Lead, 1, ProjectStatus.Adopted, 240_000.00m, CostSharingKey.Equal, "05570004"),
        new("LP-03", "Beispiel: LoRaWAN-Sensornetz für die Region", "Beispiel eines gemeinsamen Funknetzes für Sensoren.", ProjectCategory.Lead, 1, ProjectStatus.Proposed, 180_000.00m, CostSharingKey.Population, "05570052"),
        new("LP-04", "Beispiel: Mobilitätsplattform Kreis Warendorf", "Beispiel einer App für Bus, Bürgerbus und Leihräder.", ProjectCategory.Lead, 2, ProjectStatus.InImplementation, 620_000.00m, CostSharingKey.Population, Kreis,
            new DemoFunding("Förderprogramm Mobilität 4.0", "Land Nordrhein-Westfalen", 310_000.00m, FundingStatus.Granted)),
        new("LP-05", "Beispiel: Smarte Straßenbeleuchtung", "Beispiel für bedarfsgesteuerte LED-Beleuchtung.", ProjectCategory.Lead, 2, ProjectStatus.Adopted, 390_000.00m, CostSharingKey.Custom, "05570008",
            new DemoFunding("Kommunalrichtlinie Klimaschutz", "Bundesministerium für Wirtschaft und Klimaschutz", 117_000.00m, FundingStatus.Applied)),
        new("LP-06", "Beispiel: Klimadaten-Dashboard", "Beispiel eines Dashboards für Energie- und Klimadaten.", ProjectCategory.Lead, 2, ProjectStatus.Proposed, 95_000.00m, CostSharingKey.Equal, "05570044"),
        new("LP-07", "Beispiel: Digitale Pegelmessung und Starkregenwarnung", "Beispiel für Sensoren an Gewässern und Warnungen.", ProjectCategory.Lead, 2, ProjectStatus.OnHold, 210_000.00m, CostSharingKey.Population, "05570028"),
        new("LP-08", "Beispiel: Digitale Schulverwaltung", "Beispiel einer gemeinsamen Plattform der Schulträger.", ProjectCategory.Lead, 3, ProjectStatus.Adopted, 300_000.00m, CostSharingKey.Population, Kreis),
        new("LP-09", "Beispiel: Kita-Platzbörse", "Beispiel einer kreisweiten Online-Anmeldung für Kita-Plätze.", ProjectCategory.Lead, 3, ProjectStatus.Completed, 75_000.00m, CostSharingKey.Equal, "05570020",
            new DemoFunding("Digitalisierung kommunaler Leistungen", "Land Nordrhein-Westfalen", 60_000.00m, FundingStatus.Granted)),
        new("LP-10", "Beispiel: Digitale Bibliotheken im Verbund", "Beispiel für gemeinsame Onleihe und Medienausleihe.", ProjectCategory.Lead, 3, ProjectStatus.Proposed, 48_000.00m, CostSharingKey.Equal, "05570032"),
        new("LP-11", "Beispiel: Senioren digital – Lotsenprogramm", "Beispiel für ehrenamtliche Digitallotsen in allen Orten.", ProjectCategory.Lead, 3, ProjectStatus.Draft, 36_000.00m, CostSharingKey.Equal, "05570012"),
        new("LP-12", "Beispiel: Gemeinsames Bürgerportal", "Beispiel eines Serviceportals für alle 14 Verwaltungen.", ProjectCategory.Lead, 4, ProjectStatus.InImplementation, 540_000.00m, CostSharingKey.Population, Kreis,
            new DemoFunding("Umsetzung Onlinezugangsgesetz", "Land Nordrhein-Westfalen", 200_000.00m, FundingStatus.Granted)),
        new("LP-13", "Beispiel: E-Akte und digitale Workflows", "Beispiel für eine gemeinsame Ausschreibung der E-Akte.", ProjectCategory.Lead, 4, ProjectStatus.Adopted, 410_000.00m, CostSharingKey.Population, "05570004"),
        new("LP-14", "Beispiel: Open-Data-Portal der Region", "Beispiel eines gemeinsamen Portals für offene Daten.", ProjectCategory.Lead, 4, ProjectStatus.Proposed, 65_000.00m, CostSharingKey.Equal, "05570040"),
        new("LP-15", "Beispiel: Interkommunales IT-Sicherheitsteam", "Beispiel für geteilte Fachkräfte für Informationssicherheit.", ProjectCategory.Lead, 4, ProjectStatus.Draft, 280_000.00m, CostSharingKey.Custom, "05570016"),
        new("LP-16", "Beispiel: Gründer- und Coworking-Netzwerk", "Beispiel für vernetzte Coworking-Räume in den Kommunen.", ProjectCategory.Lead, 5, ProjectStatus.Proposed, 160_000.00m, CostSharingKey.Equal, "05570028",
            new DemoFunding("REACT-Regionalförderung", "Europäische Union (EFRE)", 80_000.00m, FundingStatus.Planned)),
        new("LP-17", "Beispiel: Fachkräfteportal Kreis Warendorf", "Beispiel einer gemeinsamen Stellen- und Ausbildungsbörse.", ProjectCategory.Lead, 5, ProjectStatus.Adopted, 120_000.00m, CostSharingKey.Population, Kreis),
        new("LP-18", "Beispiel: Digitales Leerstandsmanagement", "Beispiel für ein Kataster leerer Ladenlokale.", ProjectCategory.Lead, 6, ProjectStatus.InImplementation, 70_000.00m, CostSharingKey.Equal, "05570048",
            new DemoFunding("Sofortprogramm Innenstadt", "Land Nordrhein-Westfalen", 56_000.00m, FundingStatus.Granted)),
        new("LP-19", "Beispiel: Digitale Dorfmitte – Info-Stelen", "Beispiel für digitale Informationsstelen in Ortsmitten.", ProjectCategory.Lead, 6, ProjectStatus.Proposed, 90_000.00m, CostSharingKey.Equal, "05570024"),
        new("PP-01", "Beispiel: Drohnen für Vermessung und Katastrophenschutz", "Beispiel einer Idee, die noch nicht reif ist.", ProjectCategory.Potential, 1, ProjectStatus.Draft, null, CostSharingKey.Equal, Kreis),
        new("PP-02", "Beispiel: Autonomer Shuttle im ländlichen Raum", "Beispiel eines Pilotvorhabens für später.", ProjectCategory.Potential, 2, ProjectStatus.Proposed, 1_200_000.00m, CostSharingKey.Population, "05570036"),
        new("PP-03", "Beispiel: Digitaler Zwilling der Region", "Beispiel eines 3D-Stadtmodells für Planung.", ProjectCategory.Potential, 4, ProjectStatus.Draft, null, CostSharingKey.Population, "05570052",
            new DemoFunding("Modellprojekte Smart Cities", "Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen", 500_000.00m, FundingStatus.Rejected)),
        new("PP-04", "Beispiel: Regionaler Online-Marktplatz", "Beispiel eines Marktplatzes für lokale Händler.", ProjectCategory.Potential, 5, ProjectStatus.Proposed, 150_000.00m, CostSharingKey.Equal, "05570008"),
        new("PP-05", "Beispiel: Smarte Parkraumsteuerung", "Beispiel für Parkplatzsensoren in Innenstädten.", ProjectCategory.Potential, 6, ProjectStatus.Draft, 130_000.00m, CostSharingKey.Custom, "05570044"),
    ];

    private const string Ahlen = "05570004", Beckum = "05570008", Beelen = "05570012", Drensteinfurt = "05570016",
        Ennigerloh = "05570020", Everswinkel = "05570024", Oelde = "05570028", Ostbevern = "05570032", Sassenberg = "05570036",
        Sendenhorst = "05570040", Telgte = "05570044", Wadersloh = "05570048", Warendorf = "05570052";

    private const ParticipationRole Lead = ParticipationRole.Lead, Partner = ParticipationRole.Partner, Observer = ParticipationRole.Observer;
    private const ParticipationState Interested = ParticipationState.Interested, Pending = ParticipationState.PendingCouncil,
        Committed = ParticipationState.Committed, Withdrawn = ParticipationState.Withdrawn;

    /// <summary>Who takes part in which example project; several members still wait for their council.</summary>
    public static readonly Dictionary<string, DemoParticipation[]> Participations = new()
    {
        ["LP-01"] = [new(Kreis, Lead, Committed), new(Ahlen, Partner, Committed), new(Beckum, Partner, Committed), new(Oelde, Partner, Committed), new(Telgte, Partner, Pending), new(Beelen, Observer, Interested)],
        ["LP-02"] = [new(Ahlen, Lead, Committed), new(Warendorf, Partner, Pending), new(Telgte, Partner, Interested)],
        ["LP-04"] = [new(Kreis, Lead, Committed), new(Warendorf, Partner, Committed), new(Ahlen, Partner, Committed), new(Sendenhorst, Partner, Pending), new(Everswinkel, Observer, Interested)],
        ["LP-05"] = [new(Beckum, Lead, Committed, 60m), new(Oelde, Partner, Committed, 40m), new(Wadersloh, Partner, Pending)],
        ["LP-08"] = [new(Kreis, Lead, Interested), new(Ahlen, Observer, Interested), new(Warendorf, Observer, Interested)],
        ["LP-09"] = [new(Ennigerloh, Lead, Committed), new(Drensteinfurt, Partner, Committed)],
        ["LP-12"] =
        [
            new(Kreis, Lead, Committed), new(Ahlen, Partner, Committed), new(Beckum, Partner, Committed), new(Beelen, Partner, Pending),
            new(Drensteinfurt, Partner, Committed), new(Ennigerloh, Partner, Committed), new(Everswinkel, Partner, Committed),
            new(Oelde, Partner, Committed), new(Ostbevern, Partner, Pending), new(Sassenberg, Partner, Committed),
            new(Sendenhorst, Partner, Committed), new(Telgte, Partner, Committed), new(Wadersloh, Partner, Withdrawn), new(Warendorf, Partner, Committed),
        ],
        ["LP-13"] = [new(Ahlen, Lead, Pending), new(Beckum, Partner, Interested)],
        ["LP-17"] = [new(Kreis, Lead, Committed), new(Oelde, Partner, Pending), new(Telgte, Partner, Pending)],
        ["LP-18"] = [new(Wadersloh, Lead, Committed), new(Sassenberg, Partner, Committed)],
        ["LP-03"] = [new(Warendorf, Lead, Interested), new(Ostbevern, Partner, Interested)],
    };

    /// <summary>The council that decides for a member, as it would sign a resolution.</summary>
    public static string CouncilOf(string ags, string name) => ags switch
    {
        Kreis => "Kreistag des Kreises Warendorf",
        Beelen or Everswinkel or Ostbevern or Wadersloh => $"Rat der Gemeinde {name}",
        _ => $"Rat der Stadt {name}",
    };
}
