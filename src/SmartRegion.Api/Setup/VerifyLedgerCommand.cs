using System.Net.Http.Headers;
using System.Text.Json;
using SmartRegion.Api.Features.Ledger;

namespace SmartRegion.Api.Setup;

/// <summary>
/// <c>SmartRegion.Api verify-ledger URL-or-FILE [--keys FILE] [--save FILE]</c>: verifies a region's decision record
/// without trusting the service. With a URL (<c>https://…/api/v1/regions/{slug}/ledger</c>) it reads every page and
/// the public keys (API key from the environment variable <c>SMARTREGION_API_KEY</c> unless the region is public)
/// and can save them as one file; with a FILE it verifies such a saved export offline. Builds no host, touches no
/// database. Exit code 0 when valid, 1 when not (naming the first entry that fails), 2 for wrong arguments.
/// </summary>
public static class VerifyLedgerCommand
{
    public const string ApiKeyVariable = "SMARTREGION_API_KEY";

    public const string Usage = """
        Usage: SmartRegion.Api verify-ledger URL-or-FILE [--keys FILE] [--save FILE]
          URL      a region's ledger, e.g. https://smartregion.example/api/v1/regions/kreis-warendorf/ledger
                   (API key from SMARTREGION_API_KEY); every page and the public keys are read
          FILE     a saved export: {"keys": [...], "pages": [...]}, or one page, or an array of pages
          --keys   a file with the public keys ({"keys": [...]}, as GET …/ledger/public-key answers)
          --save   with a URL: also write the export to FILE for later offline verification
        Exit code 0 when the chain and every checkpoint verify, 1 when not, 2 for wrong arguments.
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>A saved export: the pages and the keys they were read with.</summary>
    public sealed record LedgerExport(IReadOnlyList<LedgerPublicKey>? Keys, IReadOnlyList<LedgerPage> Pages);

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, HttpMessageHandler? handler = null)
    {
        output ??= Console.Out;
        string? source = null, keysFile = null, saveFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--keys" when value is not null:
                    keysFile = value;
                    i++;
                    break;
                case "--save" when value is not null:
                    saveFile = value;
                    i++;
                    break;
                case var word when source is null && !word.StartsWith("--", StringComparison.Ordinal):
                    source = word;
                    break;
                default:
                    await output.WriteLineAsync($"Unexpected or invalid argument '{args[i]}'.\n{Usage}");
                    return 2;
            }
        }

        if (source is null)
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        LedgerExport export;
        try
        {
            export = Uri.TryCreate(source, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? await DownloadAsync(url, handler)
                : Read(await File.ReadAllTextAsync(source));
            if (keysFile is not null)
            {
                export = export with { Keys = JsonSerializer.Deserialize<LedgerKeysResponse>(await File.ReadAllTextAsync(keysFile), Json)?.Keys };
            }
        }
        catch (Exception ex) when (ex is IOException or JsonException or HttpRequestException or UnauthorizedAccessException or InvalidOperationException)
        {
            await output.WriteLineAsync($"Cannot read the ledger from {source}: {ex.Message}");
            return 1;
        }

        if (saveFile is not null)
        {
            await File.WriteAllTextAsync(saveFile, JsonSerializer.Serialize(export, Json));
        }

        var result = LedgerVerifier.Verify(export.Pages, export.Keys);
        await output.WriteLineAsync(result.Valid ? $"VALID: {result.Message}" : $"INVALID at entry {result.FailedSeq}: {result.Message}");
        return result.Valid ? 0 : 1;
    }

    /// <summary>A saved export in any of the three shapes the usage names.</summary>
    public static LedgerExport Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            return new LedgerExport(null, root.Deserialize<List<LedgerPage>>(Json) ?? []);
        }

        if (root.TryGetProperty("pages", out _))
        {
            return root.Deserialize<LedgerExport>(Json) ?? throw new JsonException("The export is empty.");
        }

        return new LedgerExport(null, [root.Deserialize<LedgerPage>(Json) ?? throw new JsonException("The export is empty.")]);
    }

    private static async Task<LedgerExport> DownloadAsync(Uri ledger, HttpMessageHandler? handler)
    {
        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = TimeSpan.FromSeconds(30);
        if (Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        }

        var pages = new List<LedgerPage>();
        string? after = null;
        do
        {
            var page = await client.GetFromJsonAsync<LedgerPage>($"{ledger.GetLeftPart(UriPartial.Path)}?limit=200{(after is null ? string.Empty : "&after=" + after)}", Json)
                ?? throw new JsonException("The service answered an empty page.");
            pages.Add(page);
            after = page.NextCursor;
        }
        while (after is not null);

        var keys = await client.GetFromJsonAsync<LedgerKeysResponse>($"{ledger.GetLeftPart(UriPartial.Path).TrimEnd('/')}/public-key", Json);
        return new LedgerExport(keys?.Keys, pages);
    }
}
