using System.Runtime.CompilerServices;

namespace SmartRegion.IntegrationTests.Infrastructure.Contract;

/// <summary>Thrown by <see cref="ContractValidatingHandler"/>: the response a test received breaks the committed contract.</summary>
public sealed class ContractViolationException(ContractViolation violation) : Exception(violation.ToString())
{
    public ContractViolation Violation { get; } = violation;
}

/// <summary>
/// Sits in every client <see cref="SmartRegionApp"/> makes and checks each response against the committed
/// OpenAPI document before the test sees it, so the document cannot drift from what the service answers.
/// Requests a test sends outside the contract on purpose say so with <see cref="OutsideContractExtensions"/>.
/// </summary>
public sealed class ContractValidatingHandler(OpenApiContract contract) : DelegatingHandler
{
    private static readonly ConditionalWeakTable<HttpClient, ContractValidatingHandler> HandlersByClient = [];

    /// <summary>Why every request of this handler's client is outside the contract; null while it validates.</summary>
    public string? OutsideContractReason { get; private set; }

    /// <summary>Makes a client through <paramref name="create"/> with a new validating handler, remembered for <see cref="OutsideContractExtensions.OutsideContract(HttpClient, string)"/>.</summary>
    public static HttpClient CreateClient(OpenApiContract contract, Func<DelegatingHandler, HttpClient> create)
    {
        var handler = new ContractValidatingHandler(contract);
        var client = create(handler);
        HandlersByClient.Add(client, handler);
        return client;
    }

    internal static void ExemptClient(HttpClient client, string reason)
    {
        if (!HandlersByClient.TryGetValue(client, out var handler))
        {
            throw new InvalidOperationException("This client was not made by SmartRegionApp, so it has no contract validation to exempt.");
        }

        handler.OutsideContractReason = reason;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (OutsideContractReason is not null || request.OutsideContractReason() is not null)
        {
            return response;
        }

        // Buffered, so the test can still read the body after the check.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var exchange = new ContractResponse(
            request.Method.Method,
            request.RequestUri!.AbsolutePath,
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            [.. response.Headers.Select(h => h.Key), .. response.Content.Headers.Select(h => h.Key)],
            body);

        if (contract.Check(exchange) is { } violation)
        {
            response.Dispose();
            throw new ContractViolationException(violation);
        }

        return response;
    }
}

/// <summary>
/// The only way to send a request the contract does not describe (an unknown route, a probe with a malformed
/// header, a page that is not an API operation). The reason is required so every exemption explains itself;
/// grep for <c>OutsideContract(</c> to see them all.
/// </summary>
public static class OutsideContractExtensions
{
    private static readonly HttpRequestOptionsKey<string> ReasonKey = new("SmartRegion.OutsideContract");

    /// <summary>Skips contract validation of this request's response, for the stated reason.</summary>
    public static HttpRequestMessage OutsideContract(this HttpRequestMessage request, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        request.Options.Set(ReasonKey, reason);
        return request;
    }

    /// <summary>Skips contract validation of every response this client receives, for the stated reason.</summary>
    public static HttpClient OutsideContract(this HttpClient client, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ContractValidatingHandler.ExemptClient(client, reason);
        return client;
    }

    public static string? OutsideContractReason(this HttpRequestMessage request) =>
        request.Options.TryGetValue(ReasonKey, out var reason) ? reason : null;
}
