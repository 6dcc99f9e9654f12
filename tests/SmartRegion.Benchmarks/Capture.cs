using System.Net.Http.Headers;
using System.Text;

namespace SmartRegion.Benchmarks;

/// <summary>
/// Asks the running service each planned request once and keeps status, content type and body bytes
/// (<c>NAME.status</c>, <c>NAME.type</c>, <c>NAME.response</c>): what the ceiling then serves as a constant.
/// </summary>
public static class Capture
{
    public static async Task<int> RunAsync(string baseUrl, string planDirectory)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var key = File.ReadAllText(Path.Combine(planDirectory, "key")).Trim();
        var failed = 0;
        foreach (var name in File.ReadAllLines(Path.Combine(planDirectory, "names")).Where(line => line.Length > 0))
        {
            var method = new HttpMethod(File.ReadAllText(Path.Combine(planDirectory, name + ".method")).Trim());
            var path = File.ReadAllLines(Path.Combine(planDirectory, name + ".paths"))[0];
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", key);
            var bodyFile = Path.Combine(planDirectory, name + ".body");
            if (File.Exists(bodyFile))
            {
                request.Content = new StringContent(RequestPlan.BodyFor(File.ReadAllText(bodyFile), "capture"), Encoding.UTF8, "application/json");
                request.Headers.TryAddWithoutValidation("If-Match", "*");
            }

            using var response = await client.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var status = (int)response.StatusCode;
            await File.WriteAllTextAsync(Path.Combine(planDirectory, name + ".status"), status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await File.WriteAllTextAsync(Path.Combine(planDirectory, name + ".type"), response.Content.Headers.ContentType?.ToString() ?? "application/json");
            await File.WriteAllBytesAsync(Path.Combine(planDirectory, name + ".response"), bytes);
            Console.WriteLine($"capture: {name} {method} {path} -> {status}, {bytes.Length} bytes");
            if (status >= 300)
            {
                Console.Error.WriteLine(Encoding.UTF8.GetString(bytes));
                failed++;
            }
        }

        return failed == 0 ? 0 : 1;
    }
}
