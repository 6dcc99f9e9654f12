using System.Globalization;
using System.Text.Json;

namespace SmartRegion.Benchmarks;

/// <summary>One benchmarked request: what wrk sends (bench.lua reads these files) and what the table calls it.</summary>
public sealed record PlannedRequest(string Name, string Label, string Method, IReadOnlyList<string> Paths, string? Body);

/// <summary>
/// The requests of one run, written as files that bench.lua reads: <c>NAME.method</c>, <c>NAME.paths</c> (one path a
/// line, taken in turn) and <c>NAME.body</c>, where <c>{n}</c> becomes a number unique in the run.
/// </summary>
public static class RequestPlan
{
    public static IReadOnlyList<PlannedRequest> For(LoadedDataset data)
    {
        var root = $"/api/v1/regions/{data.Slug}";
        var votes = JsonSerializer.Serialize(data.Seats.Select(ags => new { ags, vote = "yes" }));
        return
        [
            new("list", "project list page (50)", "GET", [$"{root}/projects?limit=50"], null),
            new("get", "project get", "GET", data.ProjectIds.Take(200).Select(id => $"{root}/projects/{id:D}").ToList(), null),
            new("search", "search (q=mobilitat)", "GET", [$"{root}/projects?q=mobilitat&limit=50"], null),
            new("matrix", "participation matrix", "GET", [$"{root}/participation-matrix"], null),
            new("dashboard", "dashboard", "GET", [$"{root}/dashboard"], null),
            new("changes", "change feed (first page of 50)", "GET", [$"{root}/changes?limit=50"], null),
            new("participation-put", "participation write (PUT)", "PUT",
                data.Participations.Take(200).Select(p => $"{root}/projects/{p.ProjectId:D}/participations/{p.Ags}").ToList(),
                """{"role":"partner","contact":{"name":"Benchmark {n}"},"staffFte":0.5}"""),
            new("decision-post", "decision write (POST)", "POST", [$"{root}/meetings/{data.MeetingId:D}/agenda-items/{data.AgendaItemId:D}/decisions"],
                $$"""{"reference":"BENCH-{n}","title":"Benchmark {n}","text":"Lastprobe {n}.","type":"general","votes":{{votes}}}"""),
        ];
    }

    public static void Write(string directory, LoadedDataset data)
    {
        Directory.CreateDirectory(directory);
        foreach (var request in For(data))
        {
            File.WriteAllText(Path.Combine(directory, request.Name + ".method"), request.Method);
            File.WriteAllText(Path.Combine(directory, request.Name + ".label"), request.Label);
            File.WriteAllLines(Path.Combine(directory, request.Name + ".paths"), request.Paths);
            if (request.Body is not null)
            {
                File.WriteAllText(Path.Combine(directory, request.Name + ".body"), request.Body);
            }
        }

        File.WriteAllText(Path.Combine(directory, "names"), string.Join('\n', For(data).Select(request => request.Name)) + "\n");
        File.WriteAllText(Path.Combine(directory, "key"), data.CoordinatorKey);
        File.WriteAllText(Path.Combine(directory, "region"), data.Slug);
    }

    /// <summary>The body of request <paramref name="n"/>, as bench.lua makes it.</summary>
    public static string BodyFor(string template, string n) => template.Replace("{n}", n, StringComparison.Ordinal);

    public static string Number(int thread, int count) => string.Create(CultureInfo.InvariantCulture, $"{thread}-{count}");
}
