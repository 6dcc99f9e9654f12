using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Themes;

namespace SmartRegion.IntegrationTests.Operations;

/// <summary>
/// With <c>ConnectionStrings:SmartRegionReadOnly</c> set, GETs read there and nothing else does. SQLite only: the
/// read-only string points at the same file opened with <c>Mode=ReadOnly</c> (so a write through it would fail), and
/// a factory of the host's own records which string each connection was opened with. On SQL Server the same code path
/// adds <c>ApplicationIntent=ReadOnly</c>; proving the routing to a secondary needs an availability group.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class ReadOnlyDatabaseTests(SqliteApp app)
{
    [Fact]
    public async Task Gets_read_from_the_read_only_database_and_writes_never_do()
    {
        var region = await app.NewRegionAsync();
        var connections = new RecordingSqliteConnections();
        var readOnly = new SqliteConnectionStringBuilder(app.Database.ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString();
        await using var host = new InterleavedHost(app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:SmartRegionReadOnly", readOnly);
            builder.ConfigureTestServices(services => services.AddSingleton<SqliteConnectionFactory>(connections));
        }));
        var coordinator = host.WithKey(await region.KeyAsync(RoleNames.Coordinator));

        var created = await coordinator.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = "Daten" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(connections.Primary > 0, "The POST opened no connection of this host.");
        Assert.Equal(0, connections.ReadOnly);

        var list = await coordinator.GetAsync(new Uri(ListThemesRequest.BuildRoute(region.Slug), UriKind.Relative), TestContext.Current.CancellationToken);
        var page = await list.ReadAsync<Api.Http.Page<ThemeResponse>>();

        Assert.Contains(page.Items, theme => theme.Name == "Daten");
        Assert.True(connections.ReadOnly > 0, "The GET did not read from the read-only database.");
    }

    [Fact]
    public async Task Without_a_read_only_connection_string_gets_read_from_the_primary()
    {
        var region = await app.NewRegionAsync();
        var connections = new RecordingSqliteConnections();
        await using var host = new InterleavedHost(app.WithWebHostBuilder(
            builder => builder.ConfigureTestServices(services => services.AddSingleton<SqliteConnectionFactory>(connections))));
        var reader = host.WithKey(await region.KeyAsync(RoleNames.Reader));

        var list = await reader.GetAsync(new Uri(ListThemesRequest.BuildRoute(region.Slug), UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.True(connections.Primary > 0);
        Assert.Equal(0, connections.ReadOnly);
    }

    /// <summary>Counts connections by the mode they were opened with.</summary>
    private sealed class RecordingSqliteConnections : SqliteConnectionFactory
    {
        private int primary;
        private int readOnly;

        public int Primary => Volatile.Read(ref primary);

        public int ReadOnly => Volatile.Read(ref readOnly);

        public override SqliteConnection Create(string connectionString)
        {
            if (new SqliteConnectionStringBuilder(connectionString).Mode == SqliteOpenMode.ReadOnly)
            {
                Interlocked.Increment(ref readOnly);
            }
            else
            {
                Interlocked.Increment(ref primary);
            }

            return base.Create(connectionString);
        }
    }
}
