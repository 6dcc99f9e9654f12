using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Localization;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Setup;

public static class ApiSetup
{
    private static readonly string[] Languages = ["en", "de"];

    /// <summary>FastEndpoints, JSON rules, request limits, languages and problem details for every error.</summary>
    public static WebApplicationBuilder AddSmartRegionApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.Section)
            .Validate(options => options.MaxRequestBodyBytes > 0, "Api:MaxRequestBodyBytes must be positive.")
            .ValidateOnStart();
        builder.Services.AddRequestLocalization(options =>
        {
            // Only the UI culture follows Accept-Language: texts change, number and date formatting stays invariant-ish
            // English everywhere. Only the header decides (no ?culture= or cookie, which the contract does not know).
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = [new System.Globalization.CultureInfo("en")];
            options.SupportedUICultures = [.. Languages.Select(language => new System.Globalization.CultureInfo(language))];
            options.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()];
        });
        // Validation messages name the JSON property ('fieldOfActionId'), not FluentValidation's 'Field Of Action Id'.
        ValidatorOptions.Global.DisplayNameResolver = ValidationProblems.DisplayName;
        builder.Services.AddFastEndpoints();
        builder.Services.ConfigureHttpJsonOptions(options => JsonSetup.Apply(options.SerializerOptions));
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] = TraceIds.For(context.HttpContext);
            context.ProblemDetails.Type = context.ProblemDetails.Status switch
            {
                StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType => ProblemTypes.UnsupportedMediaType,
                _ => context.ProblemDetails.Type,
            };
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status404NotFound => "There is no resource at this address.",
                StatusCodes.Status405MethodNotAllowed => "This resource does not support the HTTP method used.",
                StatusCodes.Status415UnsupportedMediaType => "Send the request body as application/json.",
                _ => context.ProblemDetails.Title,
            };
        });
        builder.Services.AddSingleton<Microsoft.AspNetCore.Http.IProblemDetailsWriter, AnyAcceptProblemWriter>();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.WebHost.ConfigureKestrel(kestrel => RequestHeaderLimits.ConfigureKestrel(kestrel.Limits));
        // On SIGTERM the server stops accepting connections and lets requests in flight finish for this long.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(
            builder.Configuration.GetValue("Api:ShutdownTimeoutSeconds", defaultValue: 30)));
        builder.Services.AddOptions<Http.IdempotencyOptions>()
            .BindConfiguration(Http.IdempotencyOptions.Section)
            .Validate(o => o.Lease > TimeSpan.Zero && o.CleanupInterval > TimeSpan.Zero, "Idempotency:Lease and Idempotency:CleanupInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddHostedService<IdempotencyCleanup>();
        return builder;
    }

    /// <summary>
    /// The request pipeline, in order: language (first, so error answers are localised too), errors, header limits,
    /// request body rules, authentication (and <c>Vary: Authorization</c> on public-read endpoints), the request budget of the credential (or of the client address without one;
    /// health probes are exempt), the read-only database for GETs, idempotency (which reads the body), endpoints.
    /// </summary>
    public static WebApplication UseSmartRegionApi(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestHeaderLimits>();
        app.UseMiddleware<RequestBodyMiddleware>();
        app.UseAuthentication();
        // An endpoint open to public reads answers anonymous callers the public subset and credentials the full one:
        // a cache must keep the two apart.
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<Auth.PublicReadDeclaration>() is not null)
            {
                context.Response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.Vary, "Authorization");
            }

            return next(context);
        });
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseReadOnlyDatabaseForReads();
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
