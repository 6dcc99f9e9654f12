using Microsoft.AspNetCore.Http;
using SmartRegion.Api.Http;

namespace SmartRegion.UnitTests.Http;

public sealed class PreconditionsTests
{
    [Theory]
    [InlineData("\"3\"", 3)]
    [InlineData(" \"12\" ", 12)]
    [InlineData("\"1\", \"12\"", 12)]
    [InlineData("\"12\",\"1\"", 12)]
    [InlineData("*", 12)]
    public void If_Match_matches_a_listed_strong_tag_or_a_star(string header, int current)
    {
        Assert.True(Preconditions.RequireIfMatch(WithHeader("If-Match", header)).Matches(current));
    }

    [Fact]
    public void A_missing_If_Match_is_428()
    {
        var problem = Assert.Throws<ApiProblemException>(() => Preconditions.RequireIfMatch(new DefaultHttpContext()));

        Assert.Equal(StatusCodes.Status428PreconditionRequired, problem.Status);
    }

    [Theory]
    [InlineData("W/\"3\"")]
    [InlineData("\"1\", W/\"3\"")]
    [InlineData("3")]
    [InlineData("\"abc\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"1\", \"2\"")]
    public void An_If_Match_that_names_no_strong_current_version_is_412(string header)
    {
        var ifMatch = Preconditions.RequireIfMatch(WithHeader("If-Match", header));

        var problem = Assert.Throws<ApiProblemException>(() => Preconditions.EnsureCurrent(ifMatch, 3));

        Assert.Equal(StatusCodes.Status412PreconditionFailed, problem.Status);
    }

    [Theory]
    [InlineData("\"4\"", true)]
    [InlineData("W/\"4\"", true)]
    [InlineData("\"1\", \"4\"", true)]
    [InlineData("*", true)]
    [InlineData("\"5\"", false)]
    public void If_None_Match_hits_only_the_current_ETag(string header, bool notModified)
    {
        Assert.Equal(notModified, Preconditions.IsNotModified(WithHeader("If-None-Match", header), Preconditions.ETagFor(4)));
    }

    private static DefaultHttpContext WithHeader(string name, string value)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[name] = value;
        return context;
    }
}
