using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Web.Ui;

/// <summary>
/// Sign-in with the mailbox address and password. Failed attempts count in the SMTP AUTH brute-force
/// guard (delays, lockout per source address). Admins are the mailboxes listed in Web:Admins.
/// </summary>
internal static class SignInPages
{
    public const string AdminRole = "admin";
    public const string AdminPolicy = "admin";

    public static void Map(WebApplication app, WebOptions options)
    {
        app.MapGet("/login", (HttpContext http, IAntiforgery antiforgery) => Form(http, antiforgery, null));
        app.MapPost("/login", async ([FromForm] string address, [FromForm] string password, HttpContext http, IAntiforgery antiforgery, SmtpAuthServices auth) =>
        {
            var source = http.Connection.RemoteIpAddress ?? IPAddress.None;
            if (await auth.Guard.IsLockedOutAsync(source, http.RequestAborted))
                return Form(http, antiforgery, "Too many failed sign-ins from your address; try again later.");
            var account = string.IsNullOrEmpty(password) ? null : await auth.Passwords.VerifyAsync(address, password, http.RequestAborted);
            if (account is null)
            {
                await auth.Guard.RecordFailureAsync(source, address, http.RequestAborted);
                return Form(http, antiforgery, "The address or the password is wrong.");
            }
            List<Claim> claims = [new(ClaimTypes.Name, account)];
            if (options.Admins.Contains(account, StringComparer.OrdinalIgnoreCase)) claims.Add(new Claim(ClaimTypes.Role, AdminRole));
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
            return Results.Redirect("/");
        });
        app.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        });
    }

    private static IResult Form(HttpContext http, IAntiforgery antiforgery, string? error) => Html.Page("Sign in", $"""
        {(error is null ? "" : $"<p class=\"error\" id=\"error\">{Html.E(error)}</p>")}
        <form method="post" action="/login">{Html.Antiforgery(antiforgery, http)}
        <label>Mail address <input name="address" id="address" autocomplete="username" required></label>
        <label>Password <input name="password" id="password" type="password" autocomplete="current-password" required></label>
        <button id="signin">Sign in</button></form>
        """);
}
