using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using SmartRegion.Api.Http;

namespace SmartRegion.UnitTests.Http;

public sealed class ProblemExceptionHandlerTests
{
    [Fact]
    public async Task A_use_cases_own_validation_refusal_is_a_400_validation_problem_naming_the_field_not_a_500()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        var handler = new ProblemExceptionHandler(new NoProblemDetails(), NullLogger<ProblemExceptionHandler>.Instance);

        var handled = await handler.TryHandleAsync(
            context, new ValidationException([new ValidationFailure("FieldOfActionId", "'fieldOfActionId' must not be empty.")]), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        context.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal(ProblemTypes.Validation, body.RootElement.GetProperty("type").GetString());
        Assert.Equal("'fieldOfActionId' must not be empty.", body.RootElement.GetProperty("errors").GetProperty("fieldOfActionId")[0].GetString());
    }

    /// <summary>The validation branch writes its own body; every other branch would go through this service.</summary>
    private sealed class NoProblemDetails : IProblemDetailsService
    {
        public ValueTask WriteAsync(ProblemDetailsContext context) => throw new InvalidOperationException("not expected here");
    }
}
