using System.Text.RegularExpressions;
using System.Xml.Linq;
using FastEndpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using SmartRegion.Api.Auth;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SmartRegion.Api.Setup;

/// <summary>
/// Gives every operation a description for people: what it does (the one-line summary of its request type, which the
/// code carries anyway; an endpoint's own <c>WithDescription</c> wins) and who may call it (from its declared
/// <c>Roles(...)</c>, so it cannot drift from what the authorization middleware enforces).
/// </summary>
internal sealed partial class OpenApiDescriptionsFilter : IOperationFilter
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Summaries = new(ReadSummaries);

    private static readonly Dictionary<string, string> RoleTexts = new(StringComparer.Ordinal)
    {
        [RoleNames.Admin] = "`admin` (platform operator)",
        [RoleNames.Coordinator] = "`coordinator` (the Kreis office of the region)",
        [RoleNames.Member] = "`member` (a municipality's system, for its own AGS where the operation names one)",
        [RoleNames.Reader] = "`reader` (dashboards)",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var definition = metadata.OfType<EndpointDefinition>().FirstOrDefault();
        var what = operation.Description;
        if (string.IsNullOrWhiteSpace(what) && definition?.ReqDtoType is { } requestType)
        {
            Summaries.Value.TryGetValue("T:" + requestType.FullName, out what);
        }

        if (string.IsNullOrWhiteSpace(what))
        {
            what = operation.Summary + ".";
        }

        var who = metadata.OfType<IAllowAnonymous>().Any()
            ? "Public: no credentials needed."
            : definition?.AllowedRoles is { Count: > 0 } roles
                ? "Who may call it: " + string.Join(", ", roles.Select(role => RoleTexts.GetValueOrDefault(role, role))) + "."
                : "Who may call it: any valid credential.";
        if (metadata.OfType<PublicReadDeclaration>().Any())
        {
            who += " Without credentials too when the region has `publicRead`: then it answers the public subset only.";
        }

        operation.Description = what.Trim() + "\n\n" + who;
    }

    /// <summary>Type summaries from the assembly's XML documentation, as Markdown text on one paragraph.</summary>
    private static Dictionary<string, string> ReadSummaries()
    {
        var path = Path.Combine(AppContext.BaseDirectory, typeof(OpenApiDescriptionsFilter).Assembly.GetName().Name + ".xml");
        if (!File.Exists(path))
        {
            return [];
        }

        return XDocument.Load(path).Descendants("member")
            .Where(member => member.Attribute("name")?.Value.StartsWith("T:", StringComparison.Ordinal) == true && member.Element("summary") is not null)
            .ToDictionary(member => member.Attribute("name")!.Value, member => Text(member.Element("summary")!), StringComparer.Ordinal);
    }

    private static string Text(XElement summary)
    {
        var parts = summary.Nodes().Select(node => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "c" } code => "`" + code.Value + "`",
            XElement { Name.LocalName: "see" } see => see.Attribute("cref")?.Value.Split('.', ':').Last() ?? see.Attribute("langword")?.Value ?? see.Value,
            XElement element => element.Value,
            _ => string.Empty,
        });
        return Whitespace().Replace(string.Concat(parts), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
