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

    public static async Task<int> RunAsync(ApiKeyStore keys, string[] args)
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
                    Console.WriteLine($"Key id: {created.Id}");
                    Console.WriteLine($"API key (shown once, store it now): {created.Key}");
                    return 0;
                case "list":
                    foreach (var key in await keys.ListAsync(CancellationToken.None))
                    {
                        Console.WriteLine($"{key.Id}  {key.Role,-11}  {key.RegionSlug ?? "-",-20}  {key.Ags ?? "-",-8}  {(key.RevokedAt is null ? "active " : "revoked")}  {key.Label}");
                    }

                    return 0;
                case "revoke" when options.TryGetValue("id", out var id) && Guid.TryParse(id, out var keyId):
                    var revoked = await keys.RevokeAsync(keyId, CancellationToken.None);
                    Console.WriteLine(revoked ? $"Revoked {keyId}." : $"No active key {keyId}.");
                    return revoked ? 0 : 1;
                default:
                    await Console.Error.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }

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
