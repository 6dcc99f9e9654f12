using SmartRegion.Api.Data;

namespace SmartRegion.Api.Setup;

public static class ReadOnlyDatabaseSetup
{
    /// <summary>
    /// GET and HEAD requests read from <c>ConnectionStrings:SmartRegionReadOnly</c> when it is set (see
    /// <see cref="ReadOnlyRequests"/>). Placed after authentication, so API keys are always checked on the primary: a
    /// revoked key stops working at once, whatever a secondary's lag.
    /// </summary>
    public static WebApplication UseReadOnlyDatabaseForReads(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }

            using (ReadOnlyRequests.Begin())
            {
                await next(context);
            }
        });
        return app;
    }
}
