using Microsoft.Extensions.Options;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;

namespace SmartRegion.Api.Setup;

public static class DatabaseSetup
{
    /// <summary>Database options, sessions, migrations, and migration at start-up (<c>Database:MigrateOnStartup</c>).</summary>
    public static WebApplicationBuilder AddSmartRegionDatabase(this WebApplicationBuilder builder)
    {
        // Checked first, so every command (serve, migrate, keys) refuses to run without time-zone data.
        CouncilTime.EnsureAvailable();
        DapperTypeHandlers.Register();
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
                if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    options.ConnectionString = connectionString;
                }

                var readOnly = configuration.GetConnectionString(DatabaseOptions.ReadOnlyConnectionStringName);
                options.ReadOnlyConnectionString = string.IsNullOrWhiteSpace(readOnly) ? null : readOnly;
            })
            .Validate(
                options => options.SqlServerRetry.NumberOfTries is >= 1 and <= 10
                    && options.SqlServerRetry.DeltaTime > TimeSpan.Zero && options.SqlServerRetry.MaxTimeInterval >= options.SqlServerRetry.DeltaTime,
                "Database:SqlServerRetry needs NumberOfTries 1-10 and a positive DeltaTime not above MaxTimeInterval.")
            .Validate(options => options.ReadCacheMegabytes is >= 0 and <= 1024, "Database:ReadCacheMegabytes must be 0-1024.")
            .Validate(
                options => options.Provider == DatabaseProvider.Sqlite || options.ConnectionString != DatabaseOptions.DefaultSqliteConnectionString,
                "Database:Provider is sqlserver but ConnectionStrings:SmartRegion is not set.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Clock>();
        builder.Services.AddSingleton<SqliteConnectionFactory>();
        builder.Services.AddSingleton<SmartRegionDb>();
        builder.Services.AddSingleton<ReadCache>();
        builder.Services.AddSingleton<Migrator>();
        if (builder.Configuration.GetValue("Database:MigrateOnStartup", defaultValue: true))
        {
            builder.Services.AddHostedService<MigrateOnStartup>();
        }

        return builder;
    }

    /// <summary>Brings the schema up to date before the server takes requests.</summary>
    private sealed class MigrateOnStartup(Migrator migrator, IOptions<DatabaseOptions> options, ILogger<MigrateOnStartup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogInformation("Migrating the {Provider} database", options.Value.Provider);
            migrator.Migrate();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
