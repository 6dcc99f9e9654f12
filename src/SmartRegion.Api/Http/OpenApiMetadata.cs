namespace SmartRegion.Api.Http;

/// <summary>Shorthands for the OpenAPI metadata every endpoint declares in its <c>Description(...)</c>.</summary>
public static class OpenApiMetadata
{
    public const string ProblemContentType = "application/problem+json";

    /// <summary>Documents the problem responses an operation can give, all with the <see cref="ProblemResponse"/> body.</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ProblemResponse>(status, ProblemContentType);
        }

        return builder;
    }

    /// <summary>An operation with a JSON body: names it, documents the body and the problems any body can cause.</summary>
    public static RouteHandlerBuilder JsonBody<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull =>
        builder.Accepts<TRequest>("application/json").Problems(StatusCodes.Status400BadRequest, StatusCodes.Status415UnsupportedMediaType);
}
