using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SmartRegion.Api.Data;

namespace SmartRegion.Api.Setup;

/// <summary>Bound from the <c>Telemetry</c> section.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary><c>simple</c> (one readable line per entry, the default) or <c>json</c> (one JSON object per line, with trace and span ids).</summary>
    public string LogFormat { get; set; } = "simple";

    /// <summary>OTLP endpoint for traces and metrics; empty means no export. <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> works as well.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The <c>service.name</c> of traces and metrics.</summary>
    public string ServiceName { get; set; } = "smartregion-api";
}

public static class TelemetrySetup
{
    /// <summary>
    /// Traces (ASP.NET Core server spans, HttpClient, one client span per database statement, SqlClient's on SQL
    /// Server), metrics (ASP.NET Core, HttpClient, runtime and the <c>SmartRegion</c> meter), logs (console as text or
    /// JSON; over OTLP too when exported). Nothing leaves the process unless an OTLP
    /// endpoint is configured (<c>Telemetry:OtlpEndpoint</c> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).
    /// </summary>
    public static WebApplicationBuilder AddSmartRegionTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);

        if (string.Equals(options.LogFormat, "json", StringComparison.OrdinalIgnoreCase))
        {
            // Scopes carry TraceId and SpanId (the host's default ActivityTrackingOptions), so every entry of a request
            // can be joined with its trace.
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else if (!string.Equals(options.LogFormat, "simple", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Telemetry:LogFormat must be 'simple' or 'json', not '{options.LogFormat}'.");
        }

        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Services.Configure<ConsoleFormatterOptions>(ConsoleFormatterNames.Json, formatter => formatter.IncludeScopes = true);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(aspNetCore =>
                    {
                        // Probes arrive every few seconds from each orchestrator and load balancer; their spans are noise.
                        aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
                    })
                    .AddHttpClientInstrumentation()
                    .AddSource(DbTelemetry.ActivitySourceName);
                // SQL Server: SqlClient's span (server address, database, errors) nests under the statement's own span.
                // SQLite's provider emits none; the statement span is all there is.
                if (string.Equals(builder.Configuration["Database:Provider"], "sqlserver", StringComparison.OrdinalIgnoreCase))
                {
                    tracing.AddSqlClientInstrumentation();
                }
            })
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(SmartRegionMetrics.MeterName))
            .WithLogging();

        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            var protocol = string.Equals(builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"], "http/protobuf", StringComparison.OrdinalIgnoreCase)
                ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf
                : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;
            telemetry.UseOtlpExporter(protocol, new Uri(options.OtlpEndpoint));
        }
        else if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // The standard OTEL_EXPORTER_OTLP_* variables (endpoint, protocol, headers) as the SDK reads them.
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
