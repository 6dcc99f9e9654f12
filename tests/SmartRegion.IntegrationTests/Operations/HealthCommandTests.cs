namespace SmartRegion.IntegrationTests.Operations;

/// <summary>
/// The <c>health</c> verb as the container's HEALTHCHECK runs it. Against a running instance it is proven by
/// <c>deploy/container-start-test.sh</c> (a real socket, which the in-process test server does not have); here: it
/// fails, quickly, when nothing answers, and refuses arguments it does not know.
/// </summary>
public sealed class HealthCommandTests
{
    [Fact]
    public async Task Health_exits_1_within_its_timeout_when_no_instance_answers()
    {
        // Port 9 (discard) on loopback: nothing of ours listens there, the connection is refused or times out.
        var outcome = await ServiceProcess.RunAsync(["health", "--url", "http://127.0.0.1:9/health/ready", "--timeout", "2"], timeout: TimeSpan.FromSeconds(20));

        Assert.True(outcome.ExitCode == 1, $"Exit code {outcome.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (still running)"}: {outcome.Output}");
        Assert.Contains("no answer", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_with_an_unknown_argument_prints_its_usage_and_exits_2()
    {
        var outcome = await ServiceProcess.RunAsync(["health", "--uri", "http://127.0.0.1:9/"], timeout: TimeSpan.FromSeconds(20));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Usage: SmartRegion.Api health", outcome.Output, StringComparison.Ordinal);
    }
}
