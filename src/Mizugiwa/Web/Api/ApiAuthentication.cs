using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Web.Api;

/// <summary>
/// Endpoint filters for the API: admins send "Authorization: Bearer &lt;token&gt;" (a token from
/// `mizugiwa token add`); users send their mailbox address and password with HTTP Basic. A wrong
/// credential is 401, a user on an admin endpoint 403. Failed attempts go through the same
/// brute-force guard as SMTP AUTH, so guessing is slowed and locked out per source address.
/// </summary>
public sealed class ApiAuthentication(Storage.SqlDirectory directory, SmtpAuthServices auth)
{
    public EndpointFilterDelegate RequireAdmin(EndpointFilterFactoryContext _, EndpointFilterDelegate next) => async context =>
    {
        var caller = await AuthenticateAsync(context.HttpContext);
        if (caller is null) return Unauthorized();
        if (!caller.IsAdmin) return Results.Json(new ApiError("this needs an admin token"), statusCode: StatusCodes.Status403Forbidden);
        context.HttpContext.Items[ApiCaller.ItemKey] = caller;
        return await next(context);
    };

    public EndpointFilterDelegate RequireUser(EndpointFilterFactoryContext _, EndpointFilterDelegate next) => async context =>
    {
        var caller = await AuthenticateAsync(context.HttpContext);
        if (caller is null) return Unauthorized();
        if (caller.IsAdmin) return Results.Json(new ApiError("sign in as the mailbox user (HTTP Basic), not with an admin token"), statusCode: StatusCodes.Status403Forbidden);
        context.HttpContext.Items[ApiCaller.ItemKey] = caller;
        return await next(context);
    };

    private async Task<ApiCaller?> AuthenticateAsync(HttpContext http)
    {
        if (!AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var header) || header.Parameter is null) return null;
        var cancellationToken = http.RequestAborted;
        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return await directory.FindApiTokenAsync(header.Parameter, cancellationToken) is { } name ? new ApiCaller(name, true) : null;
        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) return null;
        string text;
        try { text = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter)); }
        catch (FormatException) { return null; }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return null;
        var source = http.Connection.RemoteIpAddress ?? System.Net.IPAddress.None;
        var user = text[..colon];
        if (await auth.Guard.IsLockedOutAsync(source, cancellationToken)) return null;
        var account = await auth.Passwords.VerifyAsync(user, text[(colon + 1)..], cancellationToken);
        if (account is null)
        {
            await auth.Guard.RecordFailureAsync(source, user, cancellationToken);
            return null;
        }
        return new ApiCaller(account, false);
    }

    private static IResult Unauthorized() => Results.Json(new ApiError("sign in: Bearer token for admins, HTTP Basic (mailbox address and password) for users"),
        statusCode: StatusCodes.Status401Unauthorized);
}

public sealed record ApiError(string Error);
