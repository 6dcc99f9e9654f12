using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SmartRegion.Benchmarks;

/// <summary>What bench.lua printed for one wrk run (latencies in microseconds).</summary>
public sealed record WrkResult(long Requests, double Seconds, double Rps, double P50Us, double P99Us, long Errors, long Non2xx, long Status4xx = 0, long Status5xx = 0)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Reads the line bench.lua writes as <c>BENCH_RESULT {…}</c> from wrk's output.</summary>
    public static WrkResult? FromOutput(string output)
    {
        const string marker = "BENCH_RESULT ";
        var line = output.Split('\n').LastOrDefault(candidate => candidate.StartsWith(marker, StringComparison.Ordinal));
        return line is null ? null : JsonSerializer.Deserialize<WrkResult>(line[marker.Length..], Json);
    }
}

/// <summary>What hey printed for the run at half the saturating rate: the rate it reached and its p99 (microseconds).</summary>
public sealed record HalfRateResult(double Rps, double P99Us)
{
    /// <summary>Reads <c>Requests/sec: …</c> and <c>99% in … secs</c> from hey's summary; null when either is missing.</summary>
    public static HalfRateResult? FromHeyOutput(string output)
    {
        double? rps = null, p99 = null;
        foreach (var line in output.Split('\n').Select(line => line.Trim()))
        {
            if (line.StartsWith("Requests/sec:", StringComparison.Ordinal))
            {
                rps = double.Parse(line["Requests/sec:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("99% in ", StringComparison.Ordinal) && line.EndsWith(" secs", StringComparison.Ordinal))
            {
                p99 = double.Parse(line["99% in ".Length..^" secs".Length], CultureInfo.InvariantCulture) * 1_000_000;
            }
        }

        return rps is { } r && p99 is { } p ? new HalfRateResult(r, p) : null;
    }
}

/// <summary>
/// One row: the service's figures beside the ceiling's for the same bytes, the service's RSS after it, and (reads)
/// the p99 at half the saturating rate.
/// </summary>
public sealed record TableRow(string Label, WrkResult? Service, WrkResult? Ceiling, long? RssKb, string? Note = null, HalfRateResult? HalfRate = null);

/// <summary>The one table a run prints (Markdown, so that README can keep it as it is).</summary>
public static class ResultTable
{
    public static IReadOnlyList<TableRow> Read(string resultsDirectory, string planDirectory)
    {
        var rows = new List<TableRow>();
        foreach (var name in File.ReadAllLines(Path.Combine(planDirectory, "names")).Where(line => line.Length > 0))
        {
            var label = File.ReadAllText(Path.Combine(planDirectory, name + ".label")).Trim();
            var rssFile = Path.Combine(resultsDirectory, name + ".rss");
            long? rss = File.Exists(rssFile) && long.TryParse(File.ReadAllText(rssFile).Trim(), CultureInfo.InvariantCulture, out var kb) ? kb : null;
            var halfFile = Path.Combine(resultsDirectory, name + ".half.out");
            var half = File.Exists(halfFile) ? HalfRateResult.FromHeyOutput(File.ReadAllText(halfFile)) : null;
            rows.Add(new TableRow(label, ReadResult(resultsDirectory, name + ".service"), ReadResult(resultsDirectory, name + ".ceiling"), rss, HalfRate: half));
        }

        return rows;
    }

    public static string Format(IReadOnlyList<TableRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| endpoint | req/s | ceiling req/s | ratio | p50 | p99 | p99 at ½ rate | failed | RSS |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            if (row.Service is null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Label} | {row.Note ?? "no result"} | | | | | | | |");
                continue;
            }

            var service = row.Service;
            var ratio = row.Ceiling is { Rps: > 0 } ceiling ? (service.Rps / ceiling.Rps).ToString("P1", CultureInfo.InvariantCulture) : "–";
            var ceilingRps = row.Ceiling is null ? "–" : row.Ceiling.Rps.ToString("N0", CultureInfo.InvariantCulture);
            var rss = row.RssKb is { } kb ? (kb / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " MB" : "–";
            var half = row.HalfRate is { } halfRate ? string.Create(CultureInfo.InvariantCulture, $"{Milliseconds(halfRate.P99Us)} ({halfRate.Rps:N0}/s)") : "–";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Label} | {service.Rps:N0} | {ceilingRps} | {ratio} | {Milliseconds(service.P50Us)} | {Milliseconds(service.P99Us)} | {half} | {Failures(service)} | {rss} |");
        }

        return text.ToString();
    }

    /// <summary>Socket errors and answers other than 2xx/3xx; for writes, how many were 4xx and 5xx.</summary>
    private static string Failures(WrkResult result)
    {
        var total = result.Errors + result.Non2xx;
        return result.Status4xx + result.Status5xx == 0
            ? total.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{total} ({result.Status4xx} 4xx, {result.Status5xx} 5xx)");
    }

    private static WrkResult? ReadResult(string directory, string stem)
    {
        var file = Path.Combine(directory, stem + ".out");
        return File.Exists(file) ? WrkResult.FromOutput(File.ReadAllText(file)) : null;
    }

    private static string Milliseconds(double microseconds) =>
        (microseconds / 1000.0).ToString(microseconds < 10_000 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";
}
