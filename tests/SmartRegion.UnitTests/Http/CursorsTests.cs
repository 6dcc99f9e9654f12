using Microsoft.AspNetCore.Http;
using SmartRegion.Api.Http;

namespace SmartRegion.UnitTests.Http;

public sealed class CursorsTests
{
    [Fact]
    public void A_cursor_round_trips_its_key()
    {
        var key = new Key("LP-07", Guid.CreateVersion7());

        Assert.Equal(key, Cursors.Decode<Key>(Cursors.Encode(key)));
    }

    [Theory]
    [InlineData("%%%")]
    [InlineData("bm90LWEtY3Vyc29y")]
    [InlineData("bnVsbA")]
    public void A_cursor_the_API_did_not_issue_is_a_400_problem(string cursor)
    {
        var problem = Assert.Throws<ApiProblemException>(() => Cursors.Decode<Key>(cursor));

        Assert.Equal(StatusCodes.Status400BadRequest, problem.Status);
    }

    [Fact]
    public void A_page_keeps_limit_items_and_links_the_next_page_with_the_same_filters()
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/api/v1/regions";
        context.Request.QueryString = new QueryString("?limit=2&kind=district&cursor=old");

        var page = Cursors.ToPage(context, new[] { "a", "b", "c" }, 2, row => new Key(row, Guid.Empty), row => row.ToUpperInvariant());

        Assert.Equal(["A", "B"], page.Items);
        Assert.Equal(new Key("b", Guid.Empty), Cursors.Decode<Key>(page.NextCursor));
        var link = context.Response.Headers["Link"].ToString();
        Assert.Contains("kind=district", link, StringComparison.Ordinal);
        Assert.Contains($"cursor={page.NextCursor}", link, StringComparison.Ordinal);
        Assert.DoesNotContain("cursor=old", link, StringComparison.Ordinal);
        Assert.EndsWith("rel=\"next\"", link, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_page_has_no_cursor_and_no_link()
    {
        var context = new DefaultHttpContext();

        var page = Cursors.ToPage(context, new[] { "a", "b" }, 2, row => new Key(row, Guid.Empty), row => row);

        Assert.Null(page.NextCursor);
        Assert.False(context.Response.Headers.ContainsKey("Link"));
    }

    private sealed record Key(string Code, Guid Id);
}
