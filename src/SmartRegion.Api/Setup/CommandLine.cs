using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Demo;
using SmartRegion.Api.Features.Ledger;

namespace SmartRegion.Api.Setup;

/// <summary>
/// What <c>dotnet run -- …</c> asks for: serve (optionally <c>--seed-demo</c>), <c>migrate</c> only,
/// <c>keys create|list|revoke</c> or <c>health</c> (a probe of a running instance, see <see cref="HealthCommand"/>). Our own words are taken out before the host sees the arguments. Any other first
/// word is a mistake (a typo such as <c>migrat</c> must not start the service): the usage is printed, exit code 2.
/// </summary>
public sealed class CommandLine
{
    private const string SeedDemoFlag = "--seed-demo";
    private const string UnknownVerb = "(unknown)";

    public const string Usage = """
        Usage: SmartRegion.Api [command] [--Setting:Name value ...]
          (no command) [--seed-demo]   serve the API (optionally loading the demo region first)
          migrate                      apply pending database migrations and exit
          health [--url URL]           ask a running instance's readiness probe; exit 0 when healthy, 1 otherwise
          keys create|list|revoke …    manage API keys (run "keys" for its options)
          verify-ledger URL-or-FILE    verify a region's decision record (hash chain and signed checkpoints)
          ledger-key                   generate an Ed25519 key for Ledger:SigningKey and print it
        Settings are configuration keys, e.g. --Database:Provider sqlserver or Urls=http://localhost:5080.
        """;

    private CommandLine(string? verb, string[] verbArgs, bool seedDemo, string[] hostArgs)
    {
        Verb = verb;
        VerbArgs = verbArgs;
        SeedDemo = seedDemo;
        HostArgs = hostArgs;
    }

    public string? Verb { get; }

    public string[] VerbArgs { get; }

    public bool SeedDemo { get; }

    /// <summary>Arguments left for the host's configuration (e.g. <c>--urls</c>).</summary>
    public string[] HostArgs { get; }

    public static CommandLine Parse(string[] args)
    {
        if (args.Length > 0 && args[0] is "keys" or "migrate" or "health" or "verify-ledger" or "ledger-key")
        {
            return new CommandLine(args[0], args[1..], seedDemo: false, hostArgs: []);
        }

        // Host settings start with a dash (--Urls …) or are key=value pairs; a bare word is a command we do not know.
        if (args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal))
        {
            return new CommandLine(UnknownVerb, args, seedDemo: false, hostArgs: []);
        }

        var seed = args.Contains(SeedDemoFlag, StringComparer.Ordinal);
        return new CommandLine(null, [], seed, args.Where(arg => arg != SeedDemoFlag).ToArray());
    }

    public async Task<int> RunAsync(WebApplication app)
    {
        switch (Verb)
        {
            case UnknownVerb:
                await Console.Error.WriteLineAsync($"Unknown command '{VerbArgs[0]}'.");
                await Console.Error.WriteLineAsync(Usage);
                return 2;
            case "migrate":
                app.Services.GetRequiredService<Migrator>().Migrate();
                Console.WriteLine("Database is up to date.");
                return 0;
            case "ledger-key":
                var (seed, publicKey, keyId) = LedgerSigning.Generate();
                Console.WriteLine($"Ledger:SigningKey (secret) = {seed}\npublic key = {publicKey}\nkey id = {keyId}");
                return 0;
            case "keys":
                app.Services.GetRequiredService<Migrator>().Migrate();
                return await KeysCommand.RunAsync(app.Services.GetRequiredService<ApiKeyStore>(), VerbArgs);
        }

        if (SeedDemo)
        {
            app.Services.GetRequiredService<Migrator>().Migrate();
            var key = await app.Services.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
            Console.WriteLine($"Demo coordinator API key: {key}");
        }

        await app.RunAsync();
        return 0;
    }
}
