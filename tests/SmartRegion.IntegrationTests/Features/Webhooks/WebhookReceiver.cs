using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace SmartRegion.IntegrationTests.Features.Webhooks;

/// <summary>What the receiver does with one request.</summary>
public enum ReceiverAnswer
{
    Ok,
    Fail500,

    /// <summary>Answers only after the dispatcher's timeout (the tests' hosts wait 1 s; this waits 5 s).</summary>
    TimeOut,

    /// <summary>302 to this same receiver: a dispatcher that followed it would show up here a second time.</summary>
    Redirect,
}

/// <summary>One request as the receiver saw it.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, ReceiverAnswer Answer, IHeaderDictionary Headers)
{
    /// <summary>
    /// Whether the Standard Webhooks library accepts the request with this secret (signature and timestamp), checking
    /// each of the space-separated <c>v1,</c> signatures on its own: StandardWebhooks 1.1.2 stops after the first of
    /// several (its loop ends when no space follows the one it read), so given the whole header it would never try the
    /// second one, which is what a receiver still on the old secret needs during a rotation's overlap.
    /// </summary>
    public bool VerifiesWith(string secret) =>
        Signature.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(signature =>
        {
            var single = new HeaderDictionary(Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase))
            {
                ["webhook-signature"] = signature,
            };
            try
            {
                new StandardWebhook(secret).Verify(Body, single);
                return true;
            }
            catch (WebhookVerificationException)
            {
                return false;
            }
        });

    public string EventType => System.Text.Json.JsonDocument.Parse(Body).RootElement.GetProperty("type").GetString()!;
}

/// <summary>
/// A webhook receiver on 127.0.0.1 (Kestrel, a free port): records every request and answers as told, request by
/// request (<see cref="AnswerNext"/>), then with <see cref="Default"/>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceiverAnswer> script = new();
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();

    private WebhookReceiver(WebApplication app) => this.app = app;

    public ReceiverAnswer Default { get; set; } = ReceiverAnswer.Ok;

    public string Url { get; private set; } = string.Empty;

    public IReadOnlyList<ReceivedWebhook> Received => received.ToArray();

    /// <summary>A delay before each answer, to make concurrent dispatchers overlap.</summary>
    public TimeSpan Delay { get; set; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", (Delegate)receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = address.TrimEnd('/') + "/hook";
        return receiver;
    }

    public void AnswerNext(params ReceiverAnswer[] answers)
    {
        foreach (var answer in answers)
        {
            script.Enqueue(answer);
        }
    }

    public IReadOnlyList<ReceivedWebhook> For(string eventId) => Received.Where(r => r.Id == eventId).ToList();

    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await app.StopAsync(stopping.Token);
        }

        await app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var answer = script.TryDequeue(out var next) ? next : Default;
        var headers = new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase));
        received.Enqueue(new ReceivedWebhook(
            headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(), body, answer, headers));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        switch (answer)
        {
            case ReceiverAnswer.Fail500:
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            case ReceiverAnswer.Redirect:
                return Results.Redirect(Url);
            case ReceiverAnswer.TimeOut:
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The dispatcher gave up waiting, as it should.
                }

                return Results.NoContent();
            default:
                return Results.NoContent();
        }
    }
}
