using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartRegion.Api.Features.Ledger;

/// <summary>
/// The JSON Canonicalization Scheme (RFC 8785): object members sorted by their names' UTF-16 code units, no
/// whitespace, strings escaped only where JSON requires it (quote, backslash, control characters, with the short
/// escapes and lower-case <c>\u00xx</c>), numbers as ECMAScript prints them. Hashing this form of an entry gives
/// the same bytes on every platform and in every language that implements the RFC.
/// </summary>
public static class CanonicalJson
{
    public static byte[] Utf8(JsonNode? node) => Encoding.UTF8.GetBytes(Serialize(node));

    public static string Serialize(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(text, node);
        return text.ToString();
    }

    private static void Write(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (name, value) in obj.OrderBy(member => member.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    WriteString(text, name);
                    text.Append(':');
                    Write(text, value);
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }

                    Write(text, array[i]);
                }

                text.Append(']');
                break;
            case JsonValue value:
                WriteValue(text, value);
                break;
        }
    }

    private static void WriteValue(StringBuilder text, JsonValue value)
    {
        // A value made in code holds a .NET primitive, a parsed one a JsonElement: its JSON text is the common ground.
        using var document = JsonDocument.Parse(value.ToJsonString());
        var element = document.RootElement;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                WriteString(text, element.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(Number(element.GetDouble()));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            default:
                throw new ArgumentException($"A JSON value of kind {element.ValueKind} has no canonical form.", nameof(value));
        }
    }

    // Ordinal string order is UTF-16 code unit order, which is what RFC 8785 section 3.2.3 sorts by.
    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: text.Append(c); break;
            }
        }

        text.Append('"');
    }

    /// <summary>
    /// ECMAScript's Number.prototype.toString (ECMA-262 7.1.12.1): the shortest digits that round-trip (which .NET's
    /// "R" format gives), placed in fixed notation for exponents −6 to 20 and in exponent notation otherwise.
    /// </summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentException("NaN and infinities have no JSON form.", nameof(value));
        }

        if (value == 0)
        {
            return "0";
        }

        var negative = value < 0;
        var (digits, exponent) = Decompose(Math.Abs(value).ToString("R", CultureInfo.InvariantCulture));
        // n: the position of the decimal point relative to the digits (ECMA-262's n); k: the number of digits.
        var k = digits.Length;
        var n = exponent + 1;
        string text;
        if (k <= n && n <= 21)
        {
            text = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            text = "0." + new string('0', -n) + digits;
        }
        else
        {
            var e = n - 1;
            var mantissa = k == 1 ? digits : digits[..1] + "." + digits[1..];
            text = mantissa + "e" + (e < 0 ? "-" : "+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }

        return negative ? "-" + text : text;
    }

    /// <summary>Significant digits without leading or trailing zeros, and the decimal exponent of the first one.</summary>
    private static (string Digits, int Exponent) Decompose(string formatted)
    {
        var exponent = 0;
        var mark = formatted.IndexOfAny(['E', 'e']);
        var mantissa = formatted;
        if (mark >= 0)
        {
            exponent = int.Parse(formatted[(mark + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = formatted[..mark];
        }

        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = point >= 0 ? mantissa[..point] : mantissa;
        var all = (integerPart + (point >= 0 ? mantissa[(point + 1)..] : string.Empty)).TrimEnd('0');
        exponent += integerPart.Length - 1;
        var leading = all.Length - all.TrimStart('0').Length;
        return (all.TrimStart('0') is { Length: > 0 } digits ? digits : "0", exponent - leading);
    }
}
