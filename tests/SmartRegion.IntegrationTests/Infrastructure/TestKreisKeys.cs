using System.Globalization;

namespace SmartRegion.IntegrationTests.Infrastructure;

/// <summary>
/// Kreis keys for test regions. A Kreis key belongs to one region only, and all test classes share one database per
/// engine, so every <see cref="TestRegion"/> gets a key of its own. They come from 20000–99999: Land codes 20–99 do not
/// exist, so a handed-out key is never the demo's <see cref="Demo"/> nor any real key a test fixes on purpose (those
/// are real keys, 01xxx–16xxx, each used by one test only). The counter is per test process, which outlives every
/// database the suite creates, so keys are unique per database run, also across hosts on the same database.
/// </summary>
public static class TestKreisKeys
{
    /// <summary>Kreis Warendorf, the demo region's key (<c>--seed-demo</c>); only the demo tests meet it.</summary>
    public const string Demo = "05570";

    private const int First = 20000;
    private const int Last = 99999;
    private static int last = First - 1;

    /// <summary>A 5-digit Kreis key no other region of this test run has.</summary>
    public static string Next()
    {
        var key = Interlocked.Increment(ref last);
        return key <= Last
            ? key.ToString("D5", CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"The test run used all {Last - First + 1} Kreis keys for test regions.");
    }
}
