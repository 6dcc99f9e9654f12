using System.Net;
using SmartRegion.Api.Features.Regions;

namespace SmartRegion.IntegrationTests.Conventions;

/// <summary>What the service checks before it serves: the command line and the bootstrap credential.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task A_bootstrap_key_shorter_than_32_characters_stops_start_up()
    {
        await using var app = new IsolatedSqliteApp(new Dictionary<string, string?> { ["Auth:BootstrapAdminKey"] = "too-short-for-an-admin" });

        var failure = await Record.ExceptionAsync(async () => await app.InitializeAsync());

        Assert.NotNull(failure);
        Assert.Contains("Auth:BootstrapAdminKey", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bootstrap_key_works_while_the_database_holds_no_admin_key()
    {
        await using var app = new IsolatedSqliteApp();

        var response = await app.WithKey(app.BootstrapAdminKey).PostJsonAsync(
            CreateRegionRequest.Route, new CreateRegionRequest { Slug = "t-first", Name = "Erste Region", KreisKey = TestKreisKeys.Next() });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_verb_prints_the_usage_and_exits_non_zero()
    {
        var outcome = await ServiceProcess.RunAsync(["migrat"], timeout: TimeSpan.FromSeconds(20));

        Assert.True(outcome.ExitCode is not null and not 0, $"Exit code {outcome.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (still running)"}: {outcome.Output}");
        Assert.Contains("migrat", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("Usage", outcome.Output, StringComparison.Ordinal);
    }
}
