using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mizugiwa.Storage;

namespace Mizugiwa.Web;

/// <summary>
/// A page or API call whose store (PostgreSQL, Redis) cannot be reached answers 503 with the reason and a
/// Retry-After, as JSON under /api and as text elsewhere, instead of an empty 500.
/// </summary>
internal static class StoreUnavailableResponses
{
    public const int RetryAfterSeconds = 30;

    public static void Use(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mizugiwa.Web");
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (StoreUnavailableException e) when (!http.Response.HasStarted)
            {
                logger.LogWarning("web: {Path} answered 503: {Reason}", http.Request.Path, e.Message);
                http.Response.Clear();
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (http.Request.Path.StartsWithSegments("/api")) await http.Response.WriteAsJsonAsync(new Api.ApiError(e.Message));
                else await http.Response.WriteAsync($"Not available now, try again shortly: {e.Message}\n");
            }
        });
    }
}
