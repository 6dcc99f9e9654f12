using System.Diagnostics;
using FastEndpoints;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Setup;

public static class ApiSetup
{
    /// <summary>FastEndpoints, JSON rules and problem details for every error.</summary>
    public static WebApplicationBuilder AddSmartRegionApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddFastEndpoints();
        builder.Services.ConfigureHttpJsonOptions(options => JsonSetup.Apply(options.SerializerOptions));
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status404NotFound => "There is no resource at this address.",
                StatusCodes.Status405MethodNotAllowed => "This resource does not support the HTTP method used.",
                StatusCodes.Status415UnsupportedMediaType => "Send the request body as application/json.",
                _ => context.ProblemDetails.Title,
            };
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOptions<Http.IdempotencyOptions>()
            .BindConfiguration(Http.IdempotencyOptions.Section)
            .Validate(o => o.Lease > TimeSpan.Zero && o.CleanupInterval > TimeSpan.Zero, "Idempotency:Lease and Idempotency:CleanupInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddHostedService<IdempotencyCleanup>();
        return builder;
    }

    /// <summary>The request pipeline, in order: errors, authentication, idempotency, endpoints.</summary>
    public static WebApplication UseSmartRegionApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseFastEndpoints(config =>
        {
            JsonSetup.Apply(config.Serializer.Options);
            config.Errors.ContentType = "application/problem+json";
            config.Errors.ResponseBuilder = ValidationProblems.Build;
            config.Errors.ProducesMetadataType = typeof(ProblemResponse);
            config.Binding.JsonExceptionTransformer = ValidationProblems.FromJsonException;
            config.Binding.ValueParserFor<DateTimeOffset>(Timestamps.ParseQuery);
            config.Binding.ValueParserFor<DateTimeOffset?>(Timestamps.ParseQuery);
        });
        return app;
    }
}
