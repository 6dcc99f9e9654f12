using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace SmartRegion.Api.Http;

/// <summary>
/// Timestamps in requests must name their instant: ISO 8601 with <c>Z</c> or an offset. Without one, the instant
/// would depend on the server's time zone, so it is refused (400 naming the field) in bodies and query parameters.
/// </summary>
public static partial class Timestamps
{
    public const string Message = "A timestamp needs a time zone: ISO 8601 with Z or an offset, e.g. 2025-03-28T09:30:00Z.";

    public const string GermanMessage = "Ein Zeitstempel braucht eine Zeitzone: ISO 8601 mit Z oder einem Versatz, z. B. 2025-03-28T09:30:00Z.";

    /// <summary>Parses <c>2025-03-28T09:30:00Z</c> or <c>…+01:00</c> to UTC; false for anything without an offset.</summary>
    public static bool TryParseUtc(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || !WithOffset().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        value = parsed.ToUniversalTime();
        return true;
    }

    /// <summary>For the JSON converter: the UTC instant, or a <see cref="JsonException"/> the binder names the field by.</summary>
    public static DateTimeOffset Read(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && TryParseUtc(reader.GetString(), out var value) ? value : throw new TimestampException();

    /// <summary>For query and route binding (<c>modifiedSince</c>, <c>from</c>, …).</summary>
    public static FastEndpoints.ParseResult ParseQuery(StringValues input) =>
        TryParseUtc(input.ToString(), out var value) ? new(true, value) : new(false, null);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WithOffset();
}

/// <summary>A JSON timestamp without a time zone (or not a timestamp at all).</summary>
public sealed class TimestampException() : JsonException(Timestamps.Message);
