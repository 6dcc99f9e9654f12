using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NSec.Cryptography;

namespace SmartRegion.Api.Features.Ledger;

/// <summary>
/// The deployment's Ed25519 key for the ledger's checkpoints (section <c>Ledger</c>). <c>SigningKey</c> is the
/// active key's 32-byte private seed in base64 (a secret: environment or secret store, never a file in the image);
/// <c>RetiredPublicKeys</c> are the base64 public keys of keys used before, so checkpoints signed with them stay
/// verifiable after a rotation. Without a signing key the ledger is exported without checkpoints.
/// </summary>
public sealed class LedgerOptions
{
    public const string Section = "Ledger";

    public string? SigningKey { get; set; }

    public List<string> RetiredPublicKeys { get; set; } = [];
}

/// <summary>A public key that verifies checkpoints; its id is the first 16 hex digits of SHA-256 over the raw key.</summary>
/// <param name="KeyId" example="3f2a9c1d0b7e6a54">The key's id, as checkpoints name it.</param>
/// <param name="Algorithm" example="Ed25519">Always Ed25519.</param>
/// <param name="PublicKey" example="11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=">The raw 32-byte public key, base64.</param>
/// <param name="Active" example="true">True for the key that signs new checkpoints; false for retired keys kept to verify old ones.</param>
public sealed record LedgerPublicKey(string KeyId, string Algorithm, string PublicKey, bool Active);

/// <summary>
/// A signed statement of the deployment: at <c>signedAt</c>, entry <c>seq</c> of the region's chain had this hash.
/// The signature is Ed25519 over the RFC 8785 canonical JSON of <c>{regionId, seq, hash, signedAt, keyId}</c>.
/// A member that keeps checkpoints can prove later that the history before them was not rewritten.
/// </summary>
/// <param name="RegionId">The region whose chain it is.</param>
/// <param name="Seq" example="42">The entry the checkpoint vouches for (the last of the page).</param>
/// <param name="Hash" example="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08">That entry's hash.</param>
/// <param name="SignedAt" example="2026-12-01T09:30:00.000000Z">When it was signed (UTC, microseconds).</param>
/// <param name="KeyId" example="3f2a9c1d0b7e6a54">The id of the key that signed it (see <c>getLedgerPublicKey</c>).</param>
/// <param name="Signature" example="kB1...==">The Ed25519 signature, base64.</param>
public sealed record LedgerCheckpoint(Guid RegionId, long Seq, string Hash, string SignedAt, string KeyId, string Signature)
{
    /// <summary>The bytes the signature covers.</summary>
    public byte[] SignedBytes() => CanonicalJson.Utf8(new JsonObject
    {
        ["regionId"] = RegionId.ToString("D"),
        ["seq"] = Seq,
        ["hash"] = Hash,
        ["signedAt"] = SignedAt,
        ["keyId"] = KeyId,
    });
}

/// <summary>Signs checkpoints with the active key and lists every key that verifies them.</summary>
public sealed class LedgerSigning : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key? active;
    private readonly string? activeId;

    public LedgerSigning(IOptions<LedgerOptions> options)
    {
        var keys = new List<LedgerPublicKey>();
        if (!string.IsNullOrWhiteSpace(options.Value.SigningKey))
        {
            var seed = FromBase64(options.Value.SigningKey, "Ledger:SigningKey", 32);
            active = Key.Import(Ed25519, seed, KeyBlobFormat.RawPrivateKey);
            var raw = active.PublicKey.Export(KeyBlobFormat.RawPublicKey);
            activeId = IdOf(raw);
            keys.Add(new LedgerPublicKey(activeId, "Ed25519", Convert.ToBase64String(raw), Active: true));
        }

        foreach (var retired in options.Value.RetiredPublicKeys.Where(k => !string.IsNullOrWhiteSpace(k)))
        {
            var raw = FromBase64(retired, "Ledger:RetiredPublicKeys", 32);
            if (keys.All(k => k.KeyId != IdOf(raw)))
            {
                keys.Add(new LedgerPublicKey(IdOf(raw), "Ed25519", Convert.ToBase64String(raw), Active: false));
            }
        }

        Keys = keys;
    }

    public IReadOnlyList<LedgerPublicKey> Keys { get; }

    public bool CanSign => active is not null;

    public LedgerCheckpoint? Sign(Guid regionId, long seq, string hash, DateTimeOffset now)
    {
        if (active is null)
        {
            return null;
        }

        var unsigned = new LedgerCheckpoint(regionId, seq, hash, DecisionLedger.Time(now), activeId!, string.Empty);
        return unsigned with { Signature = Convert.ToBase64String(Ed25519.Sign(active, unsigned.SignedBytes())) };
    }

    /// <summary>Whether the checkpoint's signature is valid under the key it names, taken from <paramref name="keys"/>.</summary>
    public static bool Verify(LedgerCheckpoint checkpoint, IEnumerable<LedgerPublicKey> keys)
    {
        if (keys.FirstOrDefault(k => k.KeyId == checkpoint.KeyId) is not { } key)
        {
            return false;
        }

        try
        {
            var publicKey = PublicKey.Import(Ed25519, Convert.FromBase64String(key.PublicKey), KeyBlobFormat.RawPublicKey);
            return IdOf(Convert.FromBase64String(key.PublicKey)) == checkpoint.KeyId
                && Ed25519.Verify(publicKey, checkpoint.SignedBytes(), Convert.FromBase64String(checkpoint.Signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A new key for an operator: the private seed (the secret to configure) and its public key.</summary>
    public static (string PrivateSeed, string PublicKey, string KeyId) Generate()
    {
        using var key = Key.Create(Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var raw = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        return (Convert.ToBase64String(key.Export(KeyBlobFormat.RawPrivateKey)), Convert.ToBase64String(raw), IdOf(raw));
    }

    public void Dispose() => active?.Dispose();

    private static string IdOf(byte[] rawPublicKey) => Convert.ToHexStringLower(SHA256.HashData(rawPublicKey))[..16];

    private static byte[] FromBase64(string text, string setting, int length)
    {
        try
        {
            var bytes = Convert.FromBase64String(text.Trim());
            return bytes.Length == length ? bytes : throw new InvalidOperationException($"{setting} must be {length} bytes in base64, not {bytes.Length}.");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} is not valid base64.");
        }
    }
}
