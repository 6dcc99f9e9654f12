using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SmartRegion.Api.Features.Webhooks;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> and the base64 HMAC-SHA256 of <c>{webhook-id}.{webhook-timestamp}.{body}</c>
/// keyed with the secret's bytes (the base64 after <c>whsec_</c>). While an old secret still overlaps a rotation, both
/// sign, space-separated, so a receiver with either secret accepts the message.
/// </summary>
public static class WebhookSigning
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: 32 random bytes.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>The <c>webhook-signature</c> header: the current secret's signature, then the previous one's while it overlaps.</summary>
    public static string Header(string secret, string? previousSecret, string messageId, long timestamp, string body) =>
        previousSecret is null
            ? Sign(secret, messageId, timestamp, body)
            : $"{Sign(secret, messageId, timestamp, body)} {Sign(previousSecret, messageId, timestamp, body)}";
}
