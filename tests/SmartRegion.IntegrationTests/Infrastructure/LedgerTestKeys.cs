using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace SmartRegion.IntegrationTests.Infrastructure;

/// <summary>
/// The test deployment's ledger keys: an active signing seed and the public key of a retired one, both derived from
/// fixed words so every run signs alike (any 32 bytes are an Ed25519 seed). Test keys only.
/// </summary>
public static class LedgerTestKeys
{
    public static readonly string Active = Seed("smartregion-tests-ledger-active");

    public static readonly string Retired = Seed("smartregion-tests-ledger-retired");

    public static readonly string RetiredPublicKey = PublicOf(Retired);

    private static string Seed(string words) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(words)));

    private static string PublicOf(string seed)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromBase64String(seed), KeyBlobFormat.RawPrivateKey);
        return Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }
}
