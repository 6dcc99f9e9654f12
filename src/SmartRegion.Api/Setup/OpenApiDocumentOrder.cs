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

        if (swaggerDoc.Tags is { } tags)
        {
            var ordered = tags.OrderBy(tag => tag.Name, StringComparer.Ordinal).ToList();
            tags.Clear();
            foreach (var tag in ordered)
            {
                tags.Add(tag);
            }
        }
    }

    private static int Rank(HttpMethod method) => Array.IndexOf(MethodOrder, method) is var index and >= 0 ? index : MethodOrder.Length;
}
