using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mizugiwa.Storage;

namespace Mizugiwa.Web;

/// <summary>
/// Failures every page and API call can meet, answered with the reason instead of an empty 400 or 500:
/// a request the call cannot read (bad JSON, a field missing or null, a value of the wrong type) gets its
/// status (400, 413, 415) naming the problem; a store (PostgreSQL, Redis) that cannot be reached gets 503
/// with a Retry-After. As JSON (<see cref="Api.ApiError"/>) under /api, as text elsewhere; the framework's
/// own refusals without a body (404, 405, 415) get one too.
/// </summary>
internal static class ErrorResponses
{
    public const int RetryAfterSeconds = 30;

    public static void AddServices(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(json =>
        {
            // A field a call needs that is missing or null is a 400 naming it, not a null met deep inside.
            json.SerializerOptions.RespectNullableAnnotations = true;
            json.SerializerOptions.RespectRequiredConstructorParameters = true;
        });
        // Outside Development, a body that cannot be bound would otherwise be an empty 400.
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
    }

    public static void Use(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mizugiwa.Web");
        // The framework's own refusals (415 for a body that is not JSON, 405, 404 of an unknown path) come without a body.
        app.UseStatusCodePages(async pages =>
        {
            var http = pages.HttpContext;
            if (http.Response.ContentLength is not (null or 0) || http.Response.ContentType is not null) return;
            if (http.Request.Path.StartsWithSegments("/api")) await http.Response.WriteAsJsonAsync(new Api.ApiError(Describe(http.Response.StatusCode)));
            else await http.Response.WriteAsync(DescribeForPages(http.Response.StatusCode) + "\n");
        });
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (BadHttpRequestException e) when (!http.Response.HasStarted)
            {
                var problem = e.InnerException is System.Text.Json.JsonException json
                    ? $"the request body is not what this call takes: {json.Message}"
                    // The antiforgery check reads the form first; a form it cannot read (a NUL character, too many
                    // or too long fields) would otherwise be reported as an invalid token.
                    : http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false, Error.InnerException: InvalidDataException form }
                        ? $"the form could not be read: {form.Message}"
                    : e.Message;
                await AnswerAsync(http, e.StatusCode, problem);
            }
            catch (StoreUnavailableException e) when (!http.Response.HasStarted)
            {
                logger.LogWarning("web: {Path} answered 503: {Reason}", http.Request.Path, e.Message);
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await AnswerAsync(http, StatusCodes.Status503ServiceUnavailable, e.Message, "Not available now, try again shortly: ");
            }
        });
    }

    private static string Describe(int status) => status switch
    {
        StatusCodes.Status415UnsupportedMediaType => "send the request body as JSON (Content-Type: application/json)",
        StatusCodes.Status405MethodNotAllowed => "this path does not take that method (see /openapi/v1.json)",
        StatusCodes.Status404NotFound => "no such API path (see /openapi/v1.json)",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };

    /// <summary>The same refusals met by a browser (or a script) on the pages: a form sent the wrong way, a page that is not there.</summary>
    private static string DescribeForPages(int status) => status switch
    {
        StatusCodes.Status415UnsupportedMediaType => "send the form as its page does (Content-Type: application/x-www-form-urlencoded, or multipart/form-data with a file)",
        StatusCodes.Status405MethodNotAllowed => "this page does not take that method (forms post, links get)",
        StatusCodes.Status404NotFound => "no such page",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };

    private static async Task AnswerAsync(HttpContext http, int status, string problem, string textPrefix = "")
    {
        var retryAfter = http.Response.Headers.RetryAfter;
        http.Response.Clear();
        http.Response.Headers.RetryAfter = retryAfter;
        http.Response.StatusCode = status;
        if (http.Request.Path.StartsWithSegments("/api")) await http.Response.WriteAsJsonAsync(new Api.ApiError(problem));
        else await http.Response.WriteAsync($"{textPrefix}{problem}\n");
    }
}
