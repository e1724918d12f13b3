using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Hosting;
using Mizugiwa.Storage;
using Mizugiwa.Web.Admin;

namespace Mizugiwa.Web.Ui;

/// <summary>
/// The runtime settings: each one's effective value and its source (default, configuration, settings
/// page, with who saved it and when), a form to change it (checked like the configuration at start)
/// and one to go back to the configured value. Changes apply at once and are audited.
/// </summary>
internal static class AdminSettingsPages
{
    public static void Map(WebApplication app)
    {
        const string admins = SignInPages.AdminPolicy;
        app.MapGet("/admin/settings", (HttpContext http, IAntiforgery antiforgery, RuntimeSettingsWatcher watcher, TimeProvider time, string? notice) =>
        {
            var rows = new SettingsAdmin(watcher, time).List().Select(s =>
                $"<tr><td><code>{Html.E(s.Key)}</code><br><small>{Html.E(s.Description)}</small></td><td class=\"setting-value\">{Html.E(s.Value)}</td>" +
                $"<td>{Html.E(s.Source)}{(s.ChangedBy is null ? "" : $"<br><small>by {Html.E(s.ChangedBy)} at {s.ChangedAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z</small>")}" +
                $"<br><small>configured {Html.E(s.Configured)}, default {Html.E(s.Default)}</small></td><td>" +
                $"<form method=\"post\" action=\"/admin/settings\" style=\"display:inline\">{Html.Antiforgery(antiforgery, http)}<input type=\"hidden\" name=\"key\" value=\"{Html.E(s.Key)}\">" +
                $"<input name=\"value\" id=\"setting-{Id(s.Key)}\" value=\"{Html.E(s.Value)}\" size=\"8\" required><button class=\"save-setting\" id=\"save-{Id(s.Key)}\">Save</button></form>" +
                (s.ChangedBy is null ? "" : $" <form method=\"post\" action=\"/admin/settings/reset\" style=\"display:inline\">{Html.Antiforgery(antiforgery, http)}<input type=\"hidden\" name=\"key\" value=\"{Html.E(s.Key)}\"><button class=\"reset-setting\">Use the configured value</button></form>") +
                "</td></tr>");
            return Html.Page("Settings", $"""
                {AdminOperationsPages.Navigation}
                <p>Saved settings override the configuration file and the environment, take effect at once on this node and within {RuntimeSettingsWatcher.PollInterval.TotalSeconds:0} s on every node that shares the settings database. See docs/SETTINGS.md.</p>
                <table id="settings"><tr><th>setting</th><th>value</th><th>source</th><th></th></tr>{string.Concat(rows)}</table>
                """, http.User.Identity!.Name, notice);
        }).RequireAuthorization(admins);
        app.MapPost("/admin/settings", async ([FromForm] string key, [FromForm] string? value, HttpContext http, RuntimeSettingsWatcher watcher, SqlDirectory directory, TimeProvider time) =>
        {
            if (await new SettingsAdmin(watcher, time).SetAsync(key, value, http.User.Identity!.Name!, http.RequestAborted) is { } problem)
                return AuditedChange.Back("/admin/settings", problem);
            await AuditedChange.AuditAsync(http, directory, time, "setting set", $"{key} = {value!.Trim()}");
            return AuditedChange.Back("/admin/settings", $"{key} is {value.Trim()} now");
        }).RequireAuthorization(admins);
        app.MapPost("/admin/settings/reset", async ([FromForm] string key, HttpContext http, RuntimeSettingsWatcher watcher, SqlDirectory directory, TimeProvider time) =>
        {
            if (!await new SettingsAdmin(watcher, time).ResetAsync(key, http.RequestAborted)) return AuditedChange.Back("/admin/settings", $"no saved setting '{key}'");
            await AuditedChange.AuditAsync(http, directory, time, "setting reset", key);
            return AuditedChange.Back("/admin/settings", $"{key}: the configured value applies again");
        }).RequireAuthorization(admins);
    }

    /// <summary>An element id for a setting: "Checks:Rgrey:DelaySeconds" → "Checks-Rgrey-DelaySeconds".</summary>
    private static string Id(string key) => key.Replace(':', '-');
}
