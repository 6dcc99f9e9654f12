namespace SmartRegion.Api.Setup;

/// <summary>
/// <c>SmartRegion.Api health [--url URL] [--timeout SECONDS]</c>: asks a running instance's probe and exits 0 when it
/// answers 2xx, 1 otherwise (error status, refused connection, timeout). Made for the container's HEALTHCHECK, whose
/// image has no curl; it builds no host and touches no database, so it is as cheap as a probe can be in .NET.
/// </summary>
public static class HealthCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8080/health/ready";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public const string Usage = """
        Usage: SmartRegion.Api health [--url URL] [--timeout SECONDS]
          --url        the probe to ask (default http://127.0.0.1:8080/health/ready)
          --timeout    give up after this many seconds, 1 to 60 (default 5)
        Exit code 0 when the probe answers 2xx, 1 when it does not, 2 for wrong arguments.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var url = DefaultUrl;
        var timeout = DefaultTimeout;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--url" when Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https":
                    url = uri.ToString();
                    i++;
                    break;
                case "--timeout" when int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 60:
                    timeout = TimeSpan.FromSeconds(seconds);
                    i++;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unexpected or invalid argument '{args[i]}'.");
                    await Console.Error.WriteLineAsync(Usage);
                    return 2;
            }
        }

        using var client = new HttpClient { Timeout = timeout };
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            Console.WriteLine($"{url}: {(int)response.StatusCode} {response.ReasonPhrase}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{url}: no answer ({(ex is TaskCanceledException ? $"timed out after {timeout.TotalSeconds:0} s" : ex.Message)})");
            return 1;
        }
    }
}
