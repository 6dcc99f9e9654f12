using System.Net;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Setup;

namespace SmartRegion.IntegrationTests.Operations;

[Collection(SqliteCollection.Name)]
public sealed class KeysCommandTestsOnSqlite(SqliteApp app) : KeysCommandTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class KeysCommandTestsOnSqlServer(SqlServerApp app) : KeysCommandTests(app);

/// <summary><c>keys list</c> on the server shows what the HTTP list shows: expiry and last use, besides role and state.</summary>
public abstract class KeysCommandTests
{
    private readonly SmartRegionApp app;

    protected KeysCommandTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Keys_list_shows_expiry_and_last_use_of_each_key()
    {
        var region = await app.NewRegionAsync();
        var expires = new DateTimeOffset(2099, 3, 28, 9, 30, 0, TimeSpan.Zero);
        var used = await app.Keys.CreateAsync(RoleNames.Reader, region.Slug, null, "used reader", expires, "test", CancellationToken.None);
        var unused = await app.Keys.CreateAsync(RoleNames.Reader, region.Slug, null, "unused reader", null, "test", CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await app.WithKey(used.Key).GetAsync(GetRegionRequest.BuildRoute(region.Slug))).StatusCode);
        var lastUsed = (await app.Keys.FindAsync(used.Id, CancellationToken.None))!.LastUsedAt;
        Assert.NotNull(lastUsed);

        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await KeysCommand.RunAsync(app.Keys, ["list"], output, error));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("EXPIRES", lines[0], StringComparison.Ordinal);
        Assert.Contains("LAST USED", lines[0], StringComparison.Ordinal);
        var usedLine = Assert.Single(lines, line => line.StartsWith(used.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains("2099-03-28T09:30:00Z", usedLine, StringComparison.Ordinal);
        Assert.Contains(lastUsed.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), usedLine, StringComparison.Ordinal);
        Assert.Contains(" active ", usedLine, StringComparison.Ordinal);
        var unusedLine = Assert.Single(lines, line => line.StartsWith(unused.Id.ToString(), StringComparison.Ordinal));
        Assert.Equal(2, unusedLine.Split("never").Length - 1);
        Assert.Empty(error.ToString());
    }
}
