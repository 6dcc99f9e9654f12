using SmartRegion.Api.Auth;

namespace SmartRegion.Api.Setup;

/// <summary><c>keys create --role R [--region SLUG] [--ags AGS] [--label TEXT]</c>, <c>keys list</c>, <c>keys revoke --id ID</c>.</summary>
internal static class KeysCommand
{
    private const string Usage = """
        Usage:
          keys create --role admin|coordinator|member|reader [--region SLUG] [--ags AGS] [--label TEXT]
          keys list
          keys revoke --id KEY-ID
        """;

    public static Task<int> RunAsync(ApiKeyStore keys, string[] args) => RunAsync(keys, args, Console.Out, Console.Error);

    /// <summary>The command, writing to <paramref name="output"/> and <paramref name="error"/> (the console, or a test's writers).</summary>
    public static async Task<int> RunAsync(ApiKeyStore keys, string[] args, TextWriter output, TextWriter error)
    {
        var options = Options(args.Skip(1).ToArray());
        try
        {
            switch (args.FirstOrDefault())
            {
                case "create" when options.TryGetValue("role", out var role):
                    var created = await keys.CreateAsync(
                        role,
                        options.GetValueOrDefault("region"),
                        options.GetValueOrDefault("ags"),
                        options.GetValueOrDefault("label") ?? $"{role} key",
                        CancellationToken.None);
                    await output.WriteLineAsync($"Key id: {created.Id}");
                    await output.WriteLineAsync($"API key (shown once, store it now): {created.Key}");
                    return 0;
                case "list":
                    var now = DateTimeOffset.UtcNow;
                    await output.WriteLineAsync($"{"ID",-36}  {"ROLE",-11}  {"REGION",-20}  {"AGS",-8}  {"STATE",-7}  {"CREATED",-20}  {"EXPIRES",-20}  {"LAST USED",-20}  LABEL");
                    foreach (var key in await keys.ListAsync(CancellationToken.None))
                    {
                        var state = key.RevokedAt is not null ? "revoked" : key.ExpiresAt <= now ? "expired" : "active";
                        await output.WriteLineAsync(
                            $"{key.Id}  {key.Role,-11}  {key.RegionSlug ?? "-",-20}  {key.Ags ?? "-",-8}  {state,-7}  {Time(key.CreatedAt),-20}  " +
                            $"{Time(key.ExpiresAt) ?? "never",-20}  {Time(key.LastUsedAt) ?? "never",-20}  {key.Label}");
                    }

                    return 0;
                case "revoke" when options.TryGetValue("id", out var id) && Guid.TryParse(id, out var keyId):
                    var revoked = await keys.RevokeAsync(keyId, CancellationToken.None);
                    await output.WriteLineAsync(revoked ? $"Revoked {keyId}." : $"No active key {keyId}.");
                    return revoked ? 0 : 1;
                default:
                    await error.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 2;
        }
    }

    /// <summary>UTC to the second, as the API writes timestamps (<c>2026-12-01T16:20:05Z</c>).</summary>
    private static string? Time(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                options[args[i][2..]] = args[i + 1];
            }
        }

        return options;
    }
}
