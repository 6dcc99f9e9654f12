using Microsoft.AspNetCore.Http;
using SmartRegion.Api.Http;

namespace SmartRegion.UnitTests.Http;

public sealed class PreconditionsTests
{
    [Theory]
    [InlineData("\"3\"", 3)]
    [InlineData("W/\"3\"", 3)]
    [InlineData(" \"12\" ", 12)]
    public void If_Match_yields_the_version_the_caller_saw(string header, int expected)
    {
        Assert.Equal(expected, Preconditions.RequireIfMatch(WithHeader("If-Match", header)));
    }

    [Fact]
    public void A_missing_If_Match_is_428()
    {
        var problem = Assert.Throws<ApiProblemException>(() => Preconditions.RequireIfMatch(new DefaultHttpContext()));

        Assert.Equal(StatusCodes.Status428PreconditionRequired, problem.Status);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("3")]
    [InlineData("\"abc\"")]
    [InlineData("\"-1\"")]
    public void An_If_Match_that_names_no_version_is_412(string header)
    {
        var problem = Assert.Throws<ApiProblemException>(() => Preconditions.RequireIfMatch(WithHeader("If-Match", header)));

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
