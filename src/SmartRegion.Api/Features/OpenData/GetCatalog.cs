using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using FastEndpoints;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Features.StatusReports;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.OpenData;

/// <summary>
/// The region's open-data catalog as DCAT-AP.de 2.0 (JSON-LD): one <c>dcat:Dataset</c> each for projects,
/// participations, decisions, status reports, the meeting calendar and the OParl endpoint, with JSON, CSV and
/// iCalendar distributions where the API serves them, licence Datenlizenz Deutschland – Namensnennung 2.0, the Kreis
/// as publisher and contact, and dates from the region's change records. Every role of the region; without
/// credentials too when the region has <c>publicRead</c>, and then only the datasets the public caller can read.
/// </summary>
public sealed class GetCatalogRequest
{
    public const string Route = "/api/v1/regions/{slug}/catalog";

    public string Slug { get; set; } = string.Empty;

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/catalog";
}

public sealed class GetCatalogEndpoint(SmartRegionDb db, EndpointDataSource endpoints, IOptions<JsonOptions> json) : Endpoint<GetCatalogRequest, DcatCatalog>
{
    public const string ContentType = "application/ld+json";

    public override void Configure()
    {
        Get(GetCatalogRequest.Route);
        Description(
            b => b.WithName("getCatalog").WithSummary("Read the region's open-data catalog (DCAT-AP.de, JSON-LD)").WithTags("Open data")
                .ReturnsLinkedData<DcatCatalog>(ContentType)
                .WithDerivedETag("A validator of this derived answer (it changes exactly when the answer does); send it in `If-None-Match` to read again only when changed.")
                .HonoursIfNoneMatch()
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetCatalogRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var session = await db.OpenSnapshotAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        using var grid = await session.QueryMultipleAsync(Sql.Facts, new { RegionId = region.Id, EntityTypes = CatalogDatasets.EntityTypes });
        var district = await grid.ReadSingleOrDefaultAsync<DistrictRow>();
        var dates = (await grid.ReadAsync<DatesRow>()).ToDictionary(row => row.EntityType, StringComparer.Ordinal);

        var origin = $"{HttpContext.Request.Scheme}://{HttpContext.Request.Host}{HttpContext.Request.PathBase}";
        var visible = caller.IsPublic ? (Func<string, bool>)IsPublicRoute : _ => true;
        var catalog = CatalogDatasets.Build(new CatalogFacts(region, district, dates, origin, ShowContactEmail: !caller.IsPublic), visible);
        if (catalog.Datasets.Count == 0)
        {
            // DCAT-AP.de asks for at least one dataset; a public region that opened no dataset has no catalog to show.
            throw ApiProblemException.NotFound($"Region '{region.Slug}' publishes no dataset without credentials.");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(catalog, json.Value.SerializerOptions);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..20]}\"";
        HttpContext.Response.Headers.ETag = etag;
        if (Preconditions.IsNotModified(HttpContext, etag))
        {
            await Send.StatusCodeAsync(StatusCodes.Status304NotModified, ct);
            return;
        }

        HttpContext.Response.StatusCode = StatusCodes.Status200OK;
        HttpContext.Response.ContentType = ContentType + "; charset=utf-8";
        await HttpContext.Response.Body.WriteAsync(body, ct);
    }

    /// <summary>True when the GET endpoint at this route template lets the public caller in (it declares public read).</summary>
    private bool IsPublicRoute(string route) =>
        endpoints.Endpoints.OfType<RouteEndpoint>().Any(endpoint =>
            SameRoute(endpoint.RoutePattern, route)
            && endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true
            && endpoint.Metadata.GetMetadata<PublicReadDeclaration>() is not null);

    private static bool SameRoute(RoutePattern pattern, string route) =>
        string.Equals(pattern.RawText?.Trim('/'), route.Trim('/'), StringComparison.OrdinalIgnoreCase);

    internal sealed class DistrictRow
    {
        public string Ags { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public string? ContactEmail { get; init; }
    }

    internal static class Sql
    {
        /// <summary>The Kreis (publisher and contact), then first and latest change per entity type (IX_Changes_Region_Entity_OccurredAt).</summary>
        public static readonly SqlStatement Facts = SqlStatement.Shared("""
            SELECT Ags, Name, ContactEmail FROM Members WHERE RegionId = @RegionId AND Kind = 'district';
            SELECT EntityType, MIN(OccurredAt) AS FirstAt, MAX(OccurredAt) AS LastAt
            FROM Changes WHERE RegionId = @RegionId AND EntityType IN @EntityTypes
            GROUP BY EntityType;
            """);
    }

    /// <summary>What the catalog is built from.</summary>
    internal sealed record CatalogFacts(RegionRow Region, DistrictRow? District, IReadOnlyDictionary<string, DatesRow> Dates, string Origin, bool ShowContactEmail);

    internal sealed class DatesRow
    {
        public string EntityType { get; init; } = string.Empty;

        public DateTimeOffset FirstAt { get; init; }

        public DateTimeOffset LastAt { get; init; }
    }

    /// <summary>The datasets, their distributions and the DCAT-AP.de properties every one of them carries.</summary>
    internal static class CatalogDatasets
    {
        public const string License = "http://dcat-ap.de/def/licenses/dl-by-de/2.0";
        public const string MeetingsIcsRoute = "/api/v1/regions/{slug}/meetings.ics";
        public const string OParlSystemRoute = "/oparl/v1/";

        private const string FileType = "http://publications.europa.eu/resource/authority/file-type/";
        private const string MediaType = "https://www.iana.org/assignments/media-types/";
        private const string GovernmentTheme = "http://publications.europa.eu/resource/authority/data-theme/GOVE";

        public static readonly string[] EntityTypes =
            [ProjectRules.EntityType, "participation", "decision", "status_report", MeetingRules.EntityType, "circulation", "member", "committee"];

        private sealed record Format(string Name, string Media, string Title);

        private static readonly Format Json = new("JSON", "application/json", "JSON");
        private static readonly Format Csv = new("CSV", "text/csv", "CSV (Excel, `Accept: text/csv`)");
        private static readonly Format Calendar = new("ICS", "text/calendar", "iCalendar");

        private sealed record Access(string Route, Format Format, string Description);

        private sealed record Definition(string Key, string Title, string Description, string[] Keywords, string[] EntityTypes, Access[] Distributions, string? ConformsTo = null);

        private static readonly Definition[] Definitions =
        [
            new("projects", "Projekte der Smart-Region-Strategie",
                "Leit- und Potentialprojekte der gemeinsamen Smart-Region-Strategie mit Handlungsfeld, Status, Zeitplan, geschätzten Kosten, Fördermitteln und Eigenanteil.",
                ["Smart Region", "Projekte", "Digitalisierung"], [ProjectRules.EntityType],
                [new(ListProjectsRequest.Route, Json, "Seitenweise Liste (limit, cursor), filterbar nach Kategorie, Status, Handlungsfeld, Thema, Text und Änderungszeit."),
                 new(ListProjectsRequest.Route, Csv, "Alle Projekte als CSV für Excel (Semikolon, Dezimalkomma, UTF-8 mit BOM) bei Accept: text/csv.")]),
            new("participations", "Beteiligungen der Kommunen an den Projekten",
                "Welche Kommune sich an welchem Projekt beteiligt: Rolle (federführend, Partner, beobachtend) und Stand (interessiert, Ratsbeschluss ausstehend, verbindlich, zurückgezogen).",
                ["Smart Region", "Beteiligung", "Kommunen"], ["participation"],
                [new(GetParticipationMatrixRequest.Route, Json, "Matrix Kommunen × Projekte mit Rolle und Stand jeder Beteiligung.")]),
            new("decisions", "Beschlüsse des Lenkungskreises",
                "Beschlüsse des Lenkungskreises aus Sitzungen und Umlaufverfahren mit Abstimmungsergebnis und betroffenem Projekt.",
                ["Smart Region", "Lenkungskreis", "Beschlüsse"], ["decision"],
                [new(ListDecisionsRequest.Route, Json, "Seitenweise Liste der Beschlüsse, neueste zuerst filterbar."),
                 new(ListDecisionsRequest.Route, Csv, "Alle Beschlüsse als CSV für Excel bei Accept: text/csv.")]),
            new("status-reports", "Sachstandsberichte der Projekte",
                "Regelmäßige Sachstandsberichte der Projekte mit Ampel, Fortschritt, Zusammenfassung, nächsten Schritten und Risiken.",
                ["Smart Region", "Sachstand", "Ampel"], ["status_report"],
                [new(ListStatusReportsRequest.Route, Json, "Seitenweise Liste der Sachstandsberichte der Region, filterbar nach Datum und Ampel.")]),
            new("meetings", "Sitzungskalender des Lenkungskreises",
                "Sitzungen des Lenkungskreises mit Ort, Online-Zugang, Status und Tagesordnung, als abonnierbarer Kalender.",
                ["Smart Region", "Lenkungskreis", "Sitzungen", "Kalender"], [MeetingRules.EntityType],
                [new(MeetingsIcsRoute, Calendar, "Kalender zum Abonnieren (RFC 5545), eine Sitzung je VEVENT."),
                 new(ListMeetingsRequest.Route, Json, "Seitenweise Liste der Sitzungen.")]),
            new("oparl", "Ratsinformationen (OParl 1.1)",
                "Der Lenkungskreis als OParl-1.1-Schnittstelle für Ratsinformationssysteme: Körperschaft, Gremien, Sitzungen, Tagesordnungspunkte, Vorlagen und Beratungen.",
                ["Smart Region", "OParl", "Ratsinformationssystem"], [MeetingRules.EntityType, "decision", "circulation", ProjectRules.EntityType, "member", "committee"],
                [new(OParlSystemRoute, Json, "Einstieg der OParl-Schnittstelle (oparl:System) mit der Liste der Körperschaften.")],
                ConformsTo: "https://schema.oparl.org/1.1/"),
        ];

        public static DcatCatalog Build(CatalogFacts facts, Func<string, bool> visible)
        {
            var region = facts.Region;
            var kreisName = facts.District?.Name ?? region.Name;
            var catalogUrl = facts.Origin + GetCatalogRequest.BuildRoute(region.Slug);
            var publisher = new FoafOrganization(facts.Origin + GetRegionRequest.BuildRoute(region.Slug) + "#publisher", "foaf:Organization", kreisName);
            var contact = new VcardOrganization(
                "vcard:Organization",
                kreisName,
                facts.ShowContactEmail && facts.District?.ContactEmail is { Length: > 0 } email ? [new JsonLdId("mailto:" + email)] : [],
                [new JsonLdId(facts.Origin + GetRegionRequest.BuildRoute(region.Slug))]);
            var geocoding = new JsonLdId("http://dcat-ap.de/def/politicalGeocoding/districtKey/" + region.KreisKey);
            var geocodingLevel = new JsonLdId("http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict");
            var attribution = De($"{kreisName}, {region.Name}");

            var datasets = new List<DcatDataset>();
            foreach (var definition in Definitions)
            {
                var distributions = definition.Distributions.Where(access => visible(access.Route)).ToList();
                if (distributions.Count == 0)
                {
                    continue;
                }

                var (issued, modified) = DatesOf(facts, definition.EntityTypes);
                var datasetUrl = $"{catalogUrl}#{definition.Key}";
                datasets.Add(new DcatDataset(
                    datasetUrl,
                    "dcat:Dataset",
                    $"{region.Slug}/{definition.Key}",
                    De(definition.Title),
                    De(definition.Description),
                    [.. definition.Keywords.Select(De)],
                    [new JsonLdId(GovernmentTheme)],
                    publisher,
                    contact,
                    Timestamp(issued),
                    Timestamp(modified),
                    geocoding,
                    geocodingLevel,
                    definition.ConformsTo is { } standard ? [new JsonLdId(standard)] : [],
                    [.. distributions.Select(access => new DcatDistribution(
                        $"{datasetUrl}-{access.Format.Name.ToLowerInvariant()}",
                        "dcat:Distribution",
                        De($"{definition.Title} ({access.Format.Title})"),
                        De(access.Description),
                        new JsonLdId(facts.Origin + access.Route.Replace("{slug}", Uri.EscapeDataString(region.Slug), StringComparison.Ordinal)),
                        new JsonLdId(License),
                        attribution,
                        new JsonLdId(FileType + access.Format.Name),
                        new JsonLdId(MediaType + access.Format.Media),
                        Timestamp(modified)))]));
            }

            var (catalogIssued, catalogModified) = DatesOf(facts, EntityTypes);
            return new DcatCatalog(
                DcatContext.Instance,
                catalogUrl,
                "dcat:Catalog",
                De($"Offene Daten: {region.Name}"),
                De($"Datensätze der {region.Name}: Projekte, Beteiligungen, Beschlüsse, Sachstandsberichte, Sitzungskalender und OParl-Schnittstelle des Lenkungskreises."),
                publisher,
                new JsonLdId("http://publications.europa.eu/resource/authority/language/DEU"),
                Timestamp(region.CreatedAt < catalogIssued ? region.CreatedAt : catalogIssued),
                Timestamp(catalogModified),
                new JsonLdId("http://publications.europa.eu/resource/authority/data-theme"),
                datasets);
        }

        /// <summary>First and latest change of these entity types; a dataset without any dates from the region's creation.</summary>
        private static (DateTimeOffset Issued, DateTimeOffset Modified) DatesOf(CatalogFacts facts, IEnumerable<string> entityTypes)
        {
            var rows = entityTypes.Select(type => facts.Dates.GetValueOrDefault(type)).OfType<DatesRow>().ToList();
            return rows.Count == 0
                ? (facts.Region.CreatedAt, facts.Region.CreatedAt)
                : (rows.Min(row => row.FirstAt), rows.Max(row => row.LastAt));
        }

        private static JsonLdText De(string text) => new(text, "de");

        private static JsonLdTyped Timestamp(DateTimeOffset value) =>
            new(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture), "xsd:dateTime");
    }
}
