using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Mizugiwa.Web.Ui;

/// <summary>
/// The browser UI: cookie sign-in (HttpOnly, SameSite=Strict, Secure over HTTPS), antiforgery tokens in
/// every form, the self-service page and the admin pages.
/// </summary>
public static class UiEndpoints
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.LoginPath = "/login";
            cookie.AccessDeniedPath = "/login";
            cookie.Cookie.Name = "mizugiwa";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });
        services.AddAuthorization(a => a.AddPolicy(SignInPages.AdminPolicy, p => p.RequireRole(SignInPages.AdminRole)));
        services.AddAntiforgery(a => a.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
    }

    public static void Map(WebApplication app, Configuration.MizugiwaOptions options)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        SignInPages.Map(app, options.Web);
        SelfServicePages.Map(app);
        AdminPages.Map(app);
        AdminAccountPage.Map(app, options);
        InboxPages.Map(app, options);
        AdminOperationsPages.Map(app, options);
        DashboardPage.Map(app);
        AdminListsAndQueuePages.Map(app, options);
        AdminAliasesAndKeysPages.Map(app);
        AdminDkimPages.Map(app, options);
        AdminBayesPage.Map(app);
        AdminGreylistPages.Map(app, options);
        AdminLimitsPages.Map(app, options);
        AdminSettingsPages.Map(app);
    }
}
