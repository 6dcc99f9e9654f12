using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SmartRegion.Api.Auth;

namespace SmartRegion.IntegrationTests.Infrastructure;

/// <summary>
/// The service hosted in-process on one test database, with a bootstrap admin key. One instance per database
/// kind is shared by all test classes of that kind (see <see cref="SqliteApp"/> and <see cref="SqlServerApp"/>);
/// tests isolate themselves by creating their own region.
/// </summary>
public abstract class SmartRegionApp(ITestDatabase database) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string? adminKey;

    /// <summary>At least 32 characters, as start-up requires; accepted only until an admin key exists in the database.</summary>
    public string BootstrapAdminKey { get; } = "test-bootstrap-admin-" + Guid.NewGuid().ToString("N");

    public ITestDatabase Database { get; } = database;

    /// <summary>Skips the calling test when this database kind is not configured for the run.</summary>
    public void SkipIfUnavailable()
    {
        if (Database.UnavailableBecause is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    public async ValueTask InitializeAsync()
    {
        await Database.CreateAsync();
        if (Database.UnavailableBecause is null)
        {
            // Starting the host runs the migrations; then the first admin key is made, as an operator would, and the
            // bootstrap key stops working.
            _ = Server;
            adminKey = (await Keys.CreateAsync(RoleNames.Admin, null, null, "test admin", CancellationToken.None)).Key;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// A client without credentials. Every client of the tests starts here, and each checks every response it
    /// receives against the committed OpenAPI document (see <see cref="ContractValidatingHandler"/>); no redirects
    /// are followed and no cookies kept, since the API uses neither.
    /// </summary>
    public HttpClient Anonymous() =>
        ContractValidatingHandler.CreateClient(OpenApiContract.Committed, handler => CreateDefaultClient(new Uri("http://localhost"), handler));

    /// <summary>A client without credentials whose requests pass <paramref name="outer"/> first (e.g. one that drops answers), then contract validation.</summary>
    public HttpClient Anonymous(DelegatingHandler outer) =>
        ContractValidatingHandler.CreateClient(OpenApiContract.Committed, handler => CreateDefaultClient(new Uri("http://localhost"), outer, handler));

    /// <summary>Hides the factory's own client, which would bypass contract validation.</summary>
    public new HttpClient CreateClient() => Anonymous();

    /// <summary>Hides the factory's own client, which would bypass contract validation.</summary>
    public new HttpClient CreateClient(WebApplicationFactoryClientOptions options) =>
        throw new NotSupportedException("Use Anonymous(), WithKey() or Admin(): they validate every response against the contract.");

    /// <summary>A client that sends <c>Authorization: ApiKey &lt;key&gt;</c>.</summary>
    public HttpClient WithKey(string key)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    /// <summary>A client that sends <c>Authorization: Bearer &lt;token&gt;</c> (see <see cref="TestTokens"/>).</summary>
    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Admin() => WithKey(adminKey ?? throw new InvalidOperationException("The app has not started."));

    public ApiKeyStore Keys => Services.GetRequiredService<ApiKeyStore>();

    /// <summary>A host of its own on this database whose clock only the test moves (see <see cref="ClockedHost"/>).</summary>
    public ClockedHost WithClock(TestClock clock) => ClockedHost.For(this, clock);

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A new region with a unique slug and a Kreis key of its own (<see cref="TestKreisKeys"/>), created through the API by the admin.</summary>
    public Task<TestRegion> NewRegionAsync() => TestRegion.CreateAsync(this);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:SmartRegion", Database.ConnectionString);
        builder.UseSetting("Auth:BootstrapAdminKey", BootstrapAdminKey);
        // No background closing of circulations: tests that need it run its single pass on a clock of their own.
        builder.UseSetting("Circulations:CloseDueIntervalSeconds", "0");
        // Budgets far above what the suite sends, so no test is refused for another's requests; the rate limit tests
        // configure small ones on a host of their own.
        builder.UseSetting("Api:RateLimits:PermitLimit", "1000000");
        builder.UseSetting("Api:RateLimits:AnonymousPermitLimit", "1000000");
        builder.UseSetting("Ledger:SigningKey", LedgerTestKeys.Active);
        builder.UseSetting("Ledger:RetiredPublicKeys:0", LedgerTestKeys.RetiredPublicKey);
        // No background delivery of webhooks either (tests run the dispatcher's pass themselves); the test receivers
        // listen on 127.0.0.1, which only this setting allows.
        builder.UseSetting("Webhooks:DispatchIntervalSeconds", "0");
        builder.UseSetting("Webhooks:AllowLoopback", "true");
        builder.UseEnvironment("Testing");
        ConfigureTestIdentityProvider(builder);
    }

    /// <summary>
    /// Bearer tokens of <see cref="TestTokens"/>: issuer and audience as a deployment configures them, the signing key
    /// given explicitly instead of discovered from an authority (no network in tests).
    /// </summary>
    internal static void ConfigureTestIdentityProvider(IWebHostBuilder builder)
    {
        builder.UseSetting("Auth:Jwt:Issuer", TestTokens.Issuer);
        builder.UseSetting("Auth:Jwt:Audience", TestTokens.Audience);
        builder.ConfigureTestServices(services => services.PostConfigure<JwtBearerOptions>(
            JwtBearerDefaults.AuthenticationScheme,
            options => options.TokenValidationParameters.IssuerSigningKey = TestTokens.SigningKey));
    }
}

/// <summary>The service on a SQLite file database; always available.</summary>
public sealed class SqliteApp() : SmartRegionApp(new SqliteTestDatabase());

/// <summary>
/// The service on SQL Server when <c>SMARTREGION_TEST_SQLSERVER</c> is set; otherwise its tests skip. Every statement
/// it sends is checked for null parameters without an explicit SQL type (see <see cref="UntypedNullParameters"/>).
/// </summary>
public sealed class SqlServerApp() : SmartRegionApp(new SqlServerTestDatabase())
{
    public UntypedNullParameters NullParameters { get; } = UntypedNullParameters.Watch();

    public override async ValueTask DisposeAsync()
    {
        NullParameters.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteApp>
{
    public const string Name = "SQLite";
}

[CollectionDefinition(Name)]
public sealed class SqlServerCollection : ICollectionFixture<SqlServerApp>
{
    public const string Name = "SQL Server";
}
