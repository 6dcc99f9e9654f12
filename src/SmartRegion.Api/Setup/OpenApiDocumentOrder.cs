using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SmartRegion.Api.Setup;

/// <summary>
/// Puts paths, operations and tags in a fixed order. Swashbuckle keeps the order in which endpoints were
/// discovered, which moves whenever a feature is added; sorted, the committed document changes only where the API
/// does.
/// </summary>
internal sealed class OpenApiDocumentOrder : IDocumentFilter
{
    /// <summary>The tags in the order a newcomer reads the domain (Swagger UI shows them in this order).</summary>
    internal static readonly (string Name, string Description)[] Tags =
    [
        ("Regions", "A Smart Region: one cooperation of a Kreis and its Städte und Gemeinden. Created and configured by the platform operator."),
        ("Strategy", "The Smart Region strategy as versions (Beta, 1.0, …): vision, Leitbild, values, goals with indicators and their measured progress, a snapshot of fields of action and projects; consultation comments with their disposition (Abwägung); approved only by an adopted Lenkungskreis decision."),
        ("Members", "The Kreis (kind `district`) and its municipalities, identified by their AGS (Amtlicher Gemeindeschlüssel). Deactivated, never deleted."),
        ("Fields of action", "The Handlungsfelder of the strategy, in their order; every project belongs to exactly one."),
        ("Themes", "Querschnittsthemen: free cross-cutting tags of a region's projects, e.g. Daten or Beteiligung."),
        ("Projects", "Leitprojekte (`lead`) and Potentialprojekte (`potential`) with their lifecycle, history and funding (Fördermittel)."),
        ("Participations", "Each member's opt-in to a project (Beteiligung): role, council resolution (Ratsbeschluss) and its share of the cost (Kostenschlüssel)."),
        ("Status reports", "Sachstandsberichte: each project's progress with its traffic light (Ampel), append-only; a correction supersedes a report."),
        ("Dashboard", "A region at a glance in one request: project counts and costs, what each member carries, traffic lights, overdue reports, meetings, decisions and circulations."),
        ("Committee", "The Lenkungskreis: one seat per active member, its delegates and the quorum rule."),
        ("Meetings", "Sitzungen of the Lenkungskreis with their agenda (Tagesordnungspunkte), attendance and minutes."),
        ("Decisions", "Beschlüsse of the Lenkungskreis with their votes; adopted project decisions move the project in the same transaction."),
        ("Circulations", "Umlaufverfahren: written decisions without a meeting, voted seat by seat."),
        ("Ledger", "The verifiable decision record: a per-region hash chain over every decision and circulation vote, with checkpoints signed by the deployment's Ed25519 key."),
        ("Changes", "The region's change feed: every change of its resources, oldest first, followed with a cursor that never misses or repeats an entry."),
        ("Webhooks", "Standard Webhooks subscriptions of a region: signed HTTPS deliveries of its domain events, retried with backoff, with a delivery log and re-delivery."),
        ("Open data", "The region's open-data catalog (DCAT-AP.de, JSON-LD): its datasets with their JSON, CSV and iCalendar distributions, licence and dates."),
        ("API keys", "Credentials over HTTP: admins manage every key, a region's coordinator its member and reader keys. The secret is shown once, at creation."),
        ("Personal data", "DSGVO: erase one person's contacts and delegate names in a region (pseudonymised everywhere, decisions and history intact), with a record of every erasure."),
        ("OParl", "The Lenkungskreis as an OParl 1.1 view under `/oparl/v1/` for council information systems (Ratsinformationssysteme): System, Body per region, Organization, Meeting, AgendaItem, Paper, Consultation, File — OParl's own JSON and object lists, read-only."),
        ("Health", "Liveness and readiness probes for operators and orchestrators."),
    ];

    private static readonly HttpMethod[] MethodOrder =
        [HttpMethod.Get, HttpMethod.Put, HttpMethod.Post, HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Head, HttpMethod.Options, HttpMethod.Trace];

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var paths = swaggerDoc.Paths.OrderBy(path => path.Key, StringComparer.Ordinal).ToList();
        swaggerDoc.Paths.Clear();
        foreach (var (key, item) in paths)
        {
            if (item is OpenApiPathItem { Operations: { } operations })
            {
                var ordered = operations.OrderBy(operation => Rank(operation.Key)).ToList();
                operations.Clear();
                foreach (var (method, operation) in ordered)
                {
                    operations.Add(method, operation);
                }
            }

            swaggerDoc.Paths.Add(key, item);
        }

        swaggerDoc.Tags = new HashSet<OpenApiTag>(Tags.Select(tag => new OpenApiTag { Name = tag.Name, Description = tag.Description }));
        var unknown = swaggerDoc.Paths.Values.SelectMany(item => item.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(operation => operation.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(tag => tag.Name)
            .Where(name => !Tags.Any(tag => tag.Name == name))
            .Distinct()
            .ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"Operations use tags without a description in {nameof(OpenApiDocumentOrder)}.{nameof(Tags)}: {string.Join(", ", unknown)}.");
        }
    }

    private static int Rank(HttpMethod method) => Array.IndexOf(MethodOrder, method) is var index and >= 0 ? index : MethodOrder.Length;
}
