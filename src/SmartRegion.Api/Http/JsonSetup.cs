using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using FastEndpoints;
using System.Text.Unicode;

namespace SmartRegion.Api.Http;

/// <summary>
/// The JSON rules of the API: camelCase, snake_case enums (no numbers), UTC timestamps with Z, and no unknown
/// properties in request bodies (at any depth).
/// </summary>
public static partial class JsonSetup
{
    /// <summary>
    /// Options configured like the ones FastEndpoints answers with (<see cref="Apply"/> on the web defaults), for answers
    /// the service serialises itself: the cached reads (<see cref="JsonAnswer"/>) and the personal-data erasure's search.
    /// </summary>
    public static JsonSerializerOptions Responses { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        // All of Unicode stays readable (ä, ö, ü, ß, „…“), while <, >, & and quotes stay escaped for HTML contexts.
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        options.Converters.Add(new ExactEnumConverterFactory());
        options.Converters.Add(new UtcTimestampConverter());
        options.Converters.Add(new CentsConverter());
        // The schemas say additionalProperties: false; a misspelt field must not be dropped silently.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // {"title": "a", "title": "b"} is ambiguous (parsers disagree on which one wins): 400, never the last silently.
        options.AllowDuplicateProperties = false;
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(HotResponsesJson.Default, options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
            .WithAddedModifier(RemoveNonBodyMembers);
    }

    /// <summary>
    /// A request type's route-, query- and header-bound properties are not part of its JSON body: FastEndpoints binds
    /// them from the URL and headers (after the body, so the URL wins anyway), and the documented body schema does
    /// not list them. Taking them out of the JSON contract makes a body that repeats them (<c>"slug": …</c>) a 400
    /// "unknown property", like any other property the schema does not declare. Request types own their route as
    /// <c>const string Route</c>; types without one (responses, nested objects) are left as they are.
    /// </summary>
    private static void RemoveNonBodyMembers(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object
            || typeInfo.Type.GetField("Route", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } routeField
            || routeField.GetRawConstantValue() is not string route)
        {
            return;
        }

        var routeNames = RouteParameter().Matches(route).Select(match => match.Groups["name"].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            if (typeInfo.Properties[i].AttributeProvider is not PropertyInfo property)
            {
                continue;
            }

            var bindingName = property.GetCustomAttribute<BindFromAttribute>()?.Name ?? property.Name;
            if (routeNames.Contains(bindingName)
                || property.IsDefined(typeof(QueryParamAttribute), inherit: true)
                || property.IsDefined(typeof(FromHeaderAttribute), inherit: true))
            {
                typeInfo.Properties.RemoveAt(i);
            }
        }
    }

    [GeneratedRegex(@"\{\**(?<name>[^{}:=?*]+)[^{}]*\}")]
    private static partial Regex RouteParameter();

    /// <summary>Writes <c>2025-03-28T09:30:00Z</c> (fractions only when present); reads ISO 8601 with Z or an offset only.</summary>
    /// <summary>
    /// Writes every decimal with at least 2 decimals (<c>850000.00</c>): amounts, percentages and FTE in this API all
    /// have cents precision, and the text then does not depend on how an engine returned the value (SQLite keeps
    /// the scale it was given, SQL Server's <c>decimal(18,2)</c> always has 2). Reads plain JSON numbers only.
    /// </summary>
    private sealed class CentsConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number ? reader.GetDecimal() : throw new JsonException("A number is expected.");

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            // Adding 0.00m raises the scale to at least 2 and never rounds (the service stores at most 2 decimals).
            writer.WriteNumberValue(value + 0.00m);
    }

    /// <summary>
    /// Enums as their lower snake_case names, read exactly: <c>"planned"</c>, never <c>" planned"</c>, <c>"PLANNED"</c>,
    /// <c>"planned, applied"</c> or <c>"1"</c>, which the framework's <see cref="JsonStringEnumConverter"/> also accepts
    /// (it falls back to <see cref="Enum.TryParse(Type, string?, bool, out object?)"/>). The schemas list the exact names.
    /// </summary>
    private sealed class ExactEnumConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ExactEnumConverter<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class ExactEnumConverter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(value => value, value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()));
        private static readonly Dictionary<string, T> Values = Names.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? Parse(reader.GetString()) : throw new JsonException($"A string is expected: one of {string.Join(", ", Values.Keys)}.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(Name(value));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(Name(value));

        private static T Parse(string? text) =>
            text is not null && Values.TryGetValue(text, out var value) ? value : throw new JsonException($"'{text}' is not one of {string.Join(", ", Values.Keys)}.");

        private static string Name(T value) => Names.TryGetValue(value, out var name) ? name : throw new JsonException($"{typeof(T).Name} {value} has no name.");
    }

    private sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Timestamps.Read(ref reader);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture));
    }
}
