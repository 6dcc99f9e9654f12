using SmartRegion.Benchmarks;

namespace SmartRegion.UnitTests.Benchmarks;

/// <summary>
/// The benchmark (tests/SmartRegion.Benchmarks/run.sh) is not run by CI, but its loader, request plan and table are:
/// a tiny dataset through the use cases into a temporary SQLite file, and a table from wrk's output. Seconds.
/// </summary>
public sealed class BenchmarkHarnessTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("smartregion-bench-").FullName;

    [Fact]
    public async Task The_loader_builds_a_tiny_dataset_and_its_request_plan()
    {
        var plan = Path.Combine(directory, "plan");
        var data = await BenchmarkMain.LoadAsync(Path.Combine(directory, "bench.db"), plan, new DatasetSize(2, 10, 30, 4));

        Assert.Equal(BulkLoader.FirstRegionSlug, data.Slug);
        Assert.Equal(5, data.ProjectIds.Count);
        Assert.Equal(15, data.Participations.Count);
        Assert.Equal(data.Participations.Count, data.Participations.Distinct().Count());
        Assert.False(string.IsNullOrEmpty(data.CoordinatorKey));
        var names = File.ReadAllLines(Path.Combine(plan, "names"));
        Assert.Equal(["list", "get", "search", "matrix", "dashboard", "changes", "participation-put", "decision-post"], names);
        Assert.Contains(data.Seats[0], File.ReadAllText(Path.Combine(plan, "decision-post.body")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_shows_the_ratio_to_the_ceiling_and_the_p99_at_half_the_rate_of_reads()
    {
        var plan = Path.Combine(directory, "plan");
        var results = Path.Combine(directory, "results");
        Directory.CreateDirectory(plan);
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(plan, "names"), "list\n");
        File.WriteAllText(Path.Combine(plan, "list.label"), "project list page (50)");
        File.WriteAllText(Path.Combine(results, "list.service.out"),
            "Running 10s test\nBENCH_RESULT {\"requests\":10000,\"seconds\":10.0,\"rps\":1000.0,\"p50Us\":2500,\"p99Us\":12000,\"errors\":0,\"non2xx\":3}\n");
        File.WriteAllText(Path.Combine(results, "list.ceiling.out"),
            "BENCH_RESULT {\"requests\":200000,\"seconds\":10.0,\"rps\":20000.0,\"p50Us\":100,\"p99Us\":900,\"errors\":0,\"non2xx\":0}\n");
        File.WriteAllText(Path.Combine(results, "list.rss"), "204800\n");
        File.WriteAllText(Path.Combine(results, "list.half.out"),
            "Summary:\n  Total:\t10.0012 secs\n  Requests/sec:\t498.1234\n\nLatency distribution:\n  10% in 0.0010 secs\n  99% in 0.0045 secs\n");
        File.WriteAllText(Path.Combine(plan, "names"), "list\ndecision-post\n");
        File.WriteAllText(Path.Combine(plan, "decision-post.label"), "decision write (POST)");
        File.WriteAllText(Path.Combine(results, "decision-post.service.out"),
            "BENCH_RESULT {\"requests\":2000,\"seconds\":10.0,\"rps\":200.0,\"p50Us\":50000,\"p99Us\":900000,\"errors\":0,\"non2xx\":5,\"status4xx\":2,\"status5xx\":3}\n");

        var table = ResultTable.Format(ResultTable.Read(results, plan));

        Assert.Contains("| project list page (50) | 1,000 | 20,000 | 5.0 % | 2.50 ms | 12.0 ms | 4.50 ms (498/s) | 3 | 200 MB |", table, StringComparison.Ordinal);
        Assert.Contains("| decision write (POST) | 200 | – | – | 50.0 ms | 900.0 ms | – | 5 (2 4xx, 3 5xx) | – |", table, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
