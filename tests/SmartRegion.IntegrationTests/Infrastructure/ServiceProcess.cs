using System.Diagnostics;

namespace SmartRegion.IntegrationTests.Infrastructure;

/// <summary>
/// Runs the service's binary as its own process (as <c>dotnet run -- …</c> would), for what only a real start shows:
/// the command line, start-up checks, exit codes.
/// </summary>
public static class ServiceProcess
{
    /// <summary>The outcome; <see cref="ExitCode"/> is null when the process was still running at the timeout.</summary>
    public sealed record Outcome(int? ExitCode, string Output);

    public static async Task<Outcome> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "smartregion-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ConnectionStrings__SmartRegion"] = $"Data Source={Path.Combine(folder, "smartregion.db")}";
        start.Environment["Urls"] = "http://127.0.0.1:0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        int? exitCode;
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            exitCode = process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            exitCode = null;
        }

        var output = await stdout + await stderr;
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp clean-up.
        }

        return new Outcome(exitCode, output);
    }
}
