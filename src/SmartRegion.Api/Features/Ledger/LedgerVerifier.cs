using System.Text.Json.Nodes;

namespace SmartRegion.Api.Features.Ledger;

/// <summary>The outcome of verifying an export: valid, or the first entry that is not, and why.</summary>
/// <param name="Valid">True when every entry and every checkpoint holds.</param>
/// <param name="Entries">How many entries were checked.</param>
/// <param name="Checkpoints">How many checkpoint signatures were verified.</param>
/// <param name="FailedSeq">The first entry (or checkpoint's entry) that failed; null when valid.</param>
/// <param name="Message">What failed, or a summary of what was verified.</param>
public sealed record LedgerVerification(bool Valid, int Entries, int Checkpoints, long? FailedSeq, string Message);

/// <summary>
/// Checks an exported chain offline, with nothing but the export and the public keys: sequence numbers 1, 2, 3, …,
/// each <c>prevHash</c> equal to the hash before it, each hash recomputed from the entry (RFC 8785 + SHA-256), and
/// each checkpoint's Ed25519 signature under a published key over a hash the chain really has.
/// </summary>
public static class LedgerVerifier
{
    public static LedgerVerification Verify(IEnumerable<LedgerPage> pages, IReadOnlyList<LedgerPublicKey>? keys)
    {
        var expectedSeq = 1L;
        var previous = DecisionLedger.Genesis;
        var hashes = new Dictionary<long, string>();
        var checkpoints = 0;
        var unverified = 0;
        foreach (var page in pages)
        {
            foreach (var item in page.Items)
            {
                if (item.Seq != expectedSeq)
                {
                    return Fail(expectedSeq, hashes.Count, checkpoints, $"entry {expectedSeq} is missing: the export continues with {item.Seq}.");
                }

                if (item.Entry["seq"]?.GetValue<long>() != item.Seq)
                {
                    return Fail(item.Seq, hashes.Count, checkpoints, $"entry {item.Seq} names another position inside its content.");
                }

                if (item.PrevHash != previous)
                {
                    return Fail(item.Seq, hashes.Count, checkpoints, $"entry {item.Seq}: prevHash {item.PrevHash} is not the hash of entry {item.Seq - 1} ({previous}).");
                }

                var recomputed = DecisionLedger.HashOf((JsonObject)item.Entry.DeepClone(), item.PrevHash);
                if (recomputed != item.Hash)
                {
                    return Fail(item.Seq, hashes.Count, checkpoints,
                        $"entry {item.Seq}: its content hashes to {recomputed}, not to the recorded {item.Hash}; the {item.Entry["kind"]} was changed after it was recorded.");
                }

                hashes[item.Seq] = item.Hash;
                previous = item.Hash;
                expectedSeq++;
            }

            if (page.Checkpoint is { } checkpoint)
            {
                if (keys is null)
                {
                    unverified++;
                    continue;
                }

                if (!hashes.TryGetValue(checkpoint.Seq, out var hash) || hash != checkpoint.Hash)
                {
                    return Fail(checkpoint.Seq, hashes.Count, checkpoints, $"the checkpoint for entry {checkpoint.Seq} vouches for a hash the chain does not have there.");
                }

                if (!LedgerSigning.Verify(checkpoint, keys))
                {
                    return Fail(checkpoint.Seq, hashes.Count, checkpoints, $"the checkpoint for entry {checkpoint.Seq} has no valid signature under a published key (key id {checkpoint.KeyId}).");
                }

                checkpoints++;
            }
        }

        var note = unverified > 0 ? $"; {unverified} checkpoint(s) not verified because no public keys were given" : string.Empty;
        return new LedgerVerification(true, hashes.Count, checkpoints, null, $"{hashes.Count} entries and {checkpoints} checkpoint signature(s) verified{note}.");
    }

    private static LedgerVerification Fail(long seq, int entries, int checkpoints, string message) => new(false, entries, checkpoints, seq, message);
}
