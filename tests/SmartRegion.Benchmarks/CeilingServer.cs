using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SmartRegion.Benchmarks;

/// <summary>
/// The ceiling: a bare Kestrel on the same host answering every request with the captured bytes of the planned
/// request named by the <c>X-Bench</c> header — no auth, no database, no serialisation, no middleware. A separate
/// process rather than a switch in the service, so that no benchmark-only endpoint can ever be enabled in production
/// and the service's code stays untouched; it runs the same Kestrel and runtime version as the service.
/// </summary>
public static class CeilingServer
{
    public const string Header = "X-Bench";

    public static async Task<int> RunAsync(string url, string planDirectory)
    {
        var answers = File.ReadAllLines(Path.Combine(planDirectory, "names"))
            .Where(line => line.Length > 0)
            .ToDictionary(
                name => name,
                name => (Status: int.Parse(File.ReadAllText(Path.Combine(planDirectory, name + ".status")), System.Globalization.CultureInfo.InvariantCulture),
                    Type: File.ReadAllText(Path.Combine(planDirectory, name + ".type")),
                    Body: File.ReadAllBytes(Path.Combine(planDirectory, name + ".response"))),
                StringComparer.Ordinal);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(options => options.Limits.MinRequestBodyDataRate = null);
        builder.Services.Configure<KestrelServerOptions>(options => options.AddServerHeader = false);
        var app = builder.Build();
        app.Run(async context =>
        {
            // The body of a write is read, as the service must read it.
            await context.Request.Body.CopyToAsync(Stream.Null);
            if (!answers.TryGetValue(context.Request.Headers[Header].ToString(), out var answer))
            {
                context.Response.StatusCode = 404;
                return;
            }

            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = answer.Type;
            context.Response.ContentLength = answer.Body.Length;
            await context.Response.Body.WriteAsync(answer.Body);
        });
        await app.RunAsync();
        return 0;
    }
}
