using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace SmartRegion.Api.Http;

/// <summary>Bound from the <c>Api</c> section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>The largest request body accepted, in bytes (default 1 MiB); larger bodies answer 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;
}

/// <summary>
/// Two rules about request bodies, applied before anything reads one:
/// <list type="bullet">
/// <item>A request without a body has no content type. Clients often send <c>Content-Type: application/json</c>
/// on every request; FastEndpoints binds JSON whenever that header says so and would parse the empty body
/// ("not valid JSON"). Dropping the header of a bodiless request lets a GET, a DELETE or a body-less command be
/// served normally.</item>
/// <item>At most <see cref="ApiOptions.MaxRequestBodyBytes"/>: a larger <c>Content-Length</c> is refused at once,
/// and a body without one (chunked) is cut off when reading passes the limit. Either answers 413. Kestrel enforces
/// the same limit itself once told; the counting stream keeps it true on any server (and in the test host).</item>
/// </list>
/// </summary>
public sealed class RequestBodyMiddleware(RequestDelegate next, IOptions<ApiOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var limit = options.Value.MaxRequestBodyBytes;
        if (request.ContentLength == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            // An operation that takes a JSON body got none: a 400 problem (the framework's answer was an empty 415).
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsDelete(request.Method) && !HttpMethods.IsHead(request.Method)
                && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is { ContentTypes.Count: > 0 } accepts)
            {
                throw accepts.ContentTypes.Contains("application/json", StringComparer.OrdinalIgnoreCase)
                    ? ApiProblemException.Invalid(Localized.Text("The request body is missing: send a JSON object.", "Der Anfrageinhalt fehlt: senden Sie ein JSON-Objekt."))
                    : ApiProblemException.Invalid(Localized.Text(
                        $"The request body is missing: send it as {string.Join(" or ", accepts.ContentTypes)}.",
                        $"Der Anfrageinhalt fehlt: senden Sie ihn als {string.Join(" oder ", accepts.ContentTypes)}."));
            }

            request.Headers.ContentType = default;
            return next(context);
        }

        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        // JSON is UTF-8 (RFC 8259 §8.1). Another charset would be transcoded, and one .NET does not know was a 500.
        if (Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            && mediaType.Charset.HasValue
            && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !mediaType.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiProblemException(
                StatusCodes.Status415UnsupportedMediaType,
                ProblemTypes.UnsupportedMediaType,
                Localized.Text("Unsupported media type", "Nicht unterstützter Medientyp"),
                Localized.Text("Send the request body as application/json in UTF-8 (charset=utf-8 or no charset).", "Senden Sie den Anfrageinhalt als application/json in UTF-8 (charset=utf-8 oder ohne charset)."));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        request.Body = new LimitedStream(request.Body, limit);
        return next(context);
    }

    internal static ApiProblemException TooLarge(long limit) => new(
        StatusCodes.Status413PayloadTooLarge,
        ProblemTypes.PayloadTooLarge,
        Localized.Text("Request body too large", "Anfrageinhalt zu groß"),
        Localized.Text($"Request bodies are at most {limit} bytes.", $"Anfrageinhalte sind höchstens {limit} Bytes groß."));

    /// <summary>Reads through to the request body and refuses to read past the limit.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long total;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => total;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            total += read;
            return total > limit ? throw TooLarge(limit) : read;
        }
    }
}
