using System.Globalization;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Setup;

namespace SmartRegion.Benchmarks;

/// <summary>
/// The verbs run.sh calls: <c>load</c> (bulk loader into a SQLite file, writes the request plan), <c>capture</c>
/// (one answer per planned request from the running service), <c>ceiling</c> (serves the captured bytes) and
/// <c>table</c> (prints the result table).
/// </summary>
public static class BenchmarkMain
{
    private const string Usage = """
        Usage: SmartRegion.Benchmarks load --db FILE --plan DIR [--full] [--growth]
                                      [--regions N --projects N --participations N --decisions N]
               SmartRegion.Benchmarks capture --url URL --plan DIR
               SmartRegion.Benchmarks ceiling --url URL --plan DIR
               SmartRegion.Benchmarks table --results DIR --plan DIR
        """;

    public static async Task<int> Main(string[] args)
    {
        var options = Options(args);
        switch (args.FirstOrDefault())
        {
            case "load":
                await LoadAsync(options["db"], options["plan"], SizeFrom(options));
                return 0;
            case "capture":
                return await Capture.RunAsync(options["url"], options["plan"]);
            case "ceiling":
                return await CeilingServer.RunAsync(options["url"], options["plan"]);
            case "table":
                Console.Write(ResultTable.Format(ResultTable.Read(options["results"], options["plan"])));
                return 0;
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }

    public static DatasetSize SizeFrom(IReadOnlyDictionary<string, string> options)
    {
        var size = options.ContainsKey("full") ? DatasetSize.Full : DatasetSize.Small;
        if (options.ContainsKey("growth"))
        {
            size = size.Times(10);
        }

        int Get(string name, int fallback) => options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
        return new DatasetSize(Get("regions", size.Regions), Get("projects", size.Projects), Get("participations", size.Participations), Get("decisions", size.Decisions));
    }

    /// <summary>Builds the service's own database services (no server), migrates the file and loads it.</summary>
    public static async Task<LoadedDataset> LoadAsync(string databaseFile, string planDirectory, DatasetSize size)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:SmartRegion"] = $"Data Source={databaseFile}",
            ["Database:MigrateOnStartup"] = "false",
        });
        builder.Logging.ClearProviders();
        builder.AddSmartRegionDatabase().AddSmartRegionAuth();
        await using var app = builder.Build();
        app.Services.GetRequiredService<Migrator>().Migrate();
        var loader = new BulkLoader(app.Services.GetRequiredService<SmartRegionDb>(), app.Services.GetRequiredService<Clock>(), app.Services.GetRequiredService<ApiKeyStore>());
        var started = System.Diagnostics.Stopwatch.StartNew();
        Console.WriteLine($"load: {size}");
        var data = await loader.LoadAsync(size, line => Console.WriteLine($"load: {line} ({started.Elapsed.TotalSeconds:N0} s)"), CancellationToken.None);
        RequestPlan.Write(planDirectory, data);
        await File.WriteAllTextAsync(Path.Combine(planDirectory, "size"), size.ToString());
        Console.WriteLine($"load: done in {started.Elapsed.TotalSeconds:N1} s");
        return data;
    }

    /// <summary><c>--name value</c> pairs; a flag without a value (<c>--full</c>) is present with an empty value.</summary>
    public static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options[args[i][2..]] = hasValue ? args[++i] : string.Empty;
        }

        return options;
    }
}
