using SmartRegion.Api.Setup;

var commandLine = CommandLine.Parse(args);
if (commandLine.Verb == "health")
{
    // A probe of another, running instance: no host, no configuration, no database.
    return await HealthCommand.RunAsync(commandLine.VerbArgs);
}

if (commandLine.Verb == "verify-ledger")
{
    // An offline check of an export (or of a service's ledger URL): no host, no database.
    return await VerifyLedgerCommand.RunAsync(commandLine.VerbArgs);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = commandLine.HostArgs,
    // appsettings.json is read from beside the binaries, whatever the working directory (where ./data/ lives).
    ContentRootPath = commandLine.HostArgs.Any(arg => arg.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)) ? null : AppContext.BaseDirectory,
});
builder.AddSmartRegionTelemetry()
    .AddSmartRegionDatabase()
    .AddSmartRegionAuth()
    .AddSmartRegionApi()
    .AddSmartRegionEdge()
    .AddSmartRegionOpenApi()
    .AddSmartRegionFeatures();

var app = builder.Build();
app.UseSmartRegionEdge();
app.UseSmartRegionOpenApi();
app.UseSmartRegionApi();

return await commandLine.RunAsync(app);

/// <summary>The entry point; public so integration tests can host it.</summary>
public partial class Program;
