using System.Diagnostics;
using System.Runtime.InteropServices;

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

/// <summary>
/// The service running as a child process on 127.0.0.1 and a SQLite file (or the given connection string), for what
/// only a real process shows: several instances on one database, SIGTERM during a request, <c>kill -9</c> during writes.
/// </summary>
public sealed class RunningService : IAsyncDisposable
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    private readonly Process process;
    private readonly System.Text.StringBuilder output = new();
    private bool disposed;

    private RunningService(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the service's binary with <paramref name="args"/> on a free port and waits until <c>/health/live</c> answers.
    /// <paramref name="environment"/> typically names the database (<c>ConnectionStrings__SmartRegion</c>).
    /// </summary>
    public static async Task<RunningService> StartAsync(IReadOnlyDictionary<string, string> environment, string[]? args = null, TimeSpan? startTimeout = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Circulations__CloseDueIntervalSeconds"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // The load, fuzz and fault tests send far more than one credential's budget; rate limiting has tests of its own.
        start.Environment["Api__RateLimits__Enabled"] = "false";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var service = new RunningService(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await service.WaitUntilLiveAsync(startTimeout ?? TimeSpan.FromSeconds(60));
        return service;
    }

    /// <summary>A plain client on this instance: no contract validation, for load and fault tests that count outcomes themselves.</summary>
    public HttpClient Client(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Sends SIGTERM, as an orchestrator stopping the instance does, and waits for the exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        Signal(SigTerm);
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return process.ExitCode;
    }

    /// <summary>Sends SIGTERM without waiting.</summary>
    public void SendTerminate() => Signal(SigTerm);

    /// <summary><c>kill -9</c>: the process ends at once, without running any shutdown code.</summary>
    public async Task KillAsync()
    {
        Signal(SigKill);
        await process.WaitForExitAsync();
    }

    /// <summary>The first line of the output that contains <paramref name="marker"/>, waiting for it up to <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForOutputAsync(string marker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var line = Output.Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
            if (line is not null)
            {
                return line.Trim();
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The service did not print '{marker}' within {timeout}. Output:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitUntilLiveAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {process.ExitCode} while starting. Output:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("/health/live");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The service did not answer /health/live within {timeout}. Output:\n{Output}");
    }

    private void Signal(int signal)
    {
        if (Kill(process.Id, signal) != 0 && !process.HasExited)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
