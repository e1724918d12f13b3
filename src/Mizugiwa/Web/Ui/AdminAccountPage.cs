using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Configuration;
using Mizugiwa.Core;
using Mizugiwa.Storage;

namespace Mizugiwa.Web.Ui;

/// <summary>One account's page for the admin: filter mode, enabled or disabled, quota and forwarding. Every change is audited.</summary>
internal static class AdminAccountPage
{
    public static void Map(WebApplication app, MizugiwaOptions options)
    {
        const string admins = SignInPages.AdminPolicy;
        app.MapGet("/admin/account", async (string address, HttpContext http, IAntiforgery antiforgery, SqlDirectory directory, string? notice) =>
        {
            AccountDetails? account;
            try
            {
                account = await directory.GetAccountDetailsAsync(address, http.RequestAborted);
            }
            catch (DirectoryException e)
            {
                return AuditedChange.Back("/admin", e.Message);
            }
            if (account is null) return AuditedChange.Back("/admin", $"account {address} does not exist");
            return Html.Page($"Account {account.Address}", Body(http, antiforgery, account, options.Directory.DefaultQuota), http.User.Identity!.Name, notice);
        }).RequireAuthorization(admins);

        app.MapPost("/admin/account/filter", ([FromForm] string address, [FromForm] string mode, HttpContext http, SqlDirectory directory, TimeProvider time) =>
            !FilterModes.TryParse(mode, out var parsed) ? Task.FromResult(AuditedChange.Back(Page(address), $"'{mode}' is not a filter mode"))
            : AuditedChange.RunAsync(http, directory, time, Page(address), $"account filter {FilterModes.Name(parsed)}", address,
                ct => directory.SetFilterModeAsync(address, parsed, ct), $"filter mode is now {FilterModes.Name(parsed)}")).RequireAuthorization(admins);
        app.MapPost("/admin/account/name", ([FromForm] string address, [FromForm(Name = "display-name")] string name, HttpContext http, SqlDirectory directory, TimeProvider time) =>
            AuditedChange.RunAsync(http, directory, time, Page(address), "account name", address,
                ct => directory.SetDisplayNameAsync(address, name, ct), "display name saved")).RequireAuthorization(admins);
        app.MapPost("/admin/account/disabled", ([FromForm] string address, [FromForm] bool disabled, HttpContext http, SqlDirectory directory, TimeProvider time) =>
            AuditedChange.RunAsync(http, directory, time, Page(address), disabled ? "account disable" : "account enable", address,
                ct => directory.SetDisabledAsync(address, disabled, ct), disabled ? "account disabled: it takes no mail and no logins" : "account enabled")).RequireAuthorization(admins);
        app.MapPost("/admin/account/quota", ([FromForm] string address, [FromForm] string quota, HttpContext http, SqlDirectory directory, TimeProvider time) =>
            AuditedChange.RunAsync(http, directory, time, Page(address), $"account quota {(string.IsNullOrWhiteSpace(quota) ? "none" : quota)}", address,
                ct => directory.SetQuotaAsync(address, QuotaSize.ParseOptional(quota), ct),
                string.IsNullOrWhiteSpace(quota) ? "no quota of its own now" : $"quota is now {quota}")).RequireAuthorization(admins);
        app.MapPost("/admin/account/forwarding", ([FromForm] string address, [FromForm] string targets, [FromForm(Name = "keep-copy")] string? keepCopy,
                HttpContext http, SqlDirectory directory, TimeProvider time) =>
        {
            var list = SelfServiceForwardingForm.Targets(targets);
            return AuditedChange.RunAsync(http, directory, time, Page(address), $"account forward {string.Join(' ', list)}", address,
                ct => directory.SetForwardingAsync(address, list, keepCopy is not null, ct), list.Count == 0 ? "forwarding is off" : "forwarding saved");
        }).RequireAuthorization(admins);
    }

    /// <summary>The account's page; the account list for text too long to be an address (RFC 5321 §4.5.3.1.3), whose page would not fit in a request line.</summary>
    public static string Page(string address) => address.Length > 256 ? "/admin" : "/admin/account?address=" + Uri.EscapeDataString(address);

    private static string Body(HttpContext http, IAntiforgery antiforgery, AccountDetails a, string? defaultQuota)
    {
        string Form(string action, string fields, string button, string id) =>
            $"<form method=\"post\" action=\"{action}\">{Html.Antiforgery(antiforgery, http)}<input type=\"hidden\" name=\"address\" value=\"{Html.E(a.Address)}\">{fields}<button id=\"{id}\">{button}</button></form>";
        var modes = string.Concat(new[] { FilterMode.Off, FilterMode.Label, FilterMode.Quarantine, FilterMode.Reject }.Select(m =>
            $"<option value=\"{FilterModes.Name(m)}\"{(m == a.FilterMode ? " selected" : "")}>{FilterModes.Name(m)}</option>"));
        var quota = a.QuotaBytes is { } bytes ? QuotaSize.Format(bytes) : "";
        var quotaNote = a.QuotaBytes is not null ? "" : defaultQuota is { } d ? $"(none of its own: the default {Html.E(d)} applies)" : "(none)";
        return $"""
            {AdminOperationsPages.Navigation}
            <p><a href="/admin">All accounts</a></p>
            <p>Password scheme: {Html.E(a.Scheme?.ToString() ?? "unknown")}.</p>
            {Form("/admin/account/name", $"<label>Display name <input name=\"display-name\" id=\"display-name\" value=\"{Html.E(a.DisplayName ?? "")}\" maxlength=\"200\"></label>", "Save", "save-name")}
            <h2>State</h2>
            <p id="account-state">{(a.Disabled ? "Disabled: keeps its mail, takes none (550 5.2.1), cannot sign in." : "Enabled.")}</p>
            {Form("/admin/account/disabled", $"<input type=\"hidden\" name=\"disabled\" value=\"{(!a.Disabled).ToString().ToLowerInvariant()}\">", a.Disabled ? "Enable" : "Disable", "toggle-disabled")}
            <h2>Spam filter</h2>
            {Form("/admin/account/filter", $"<select name=\"mode\" id=\"filter-mode\">{modes}</select>", "Save", "save-filter")}
            <h2>Quota</h2>
            {Form("/admin/account/quota", $"<label>Size (e.g. 500M, 2G; empty = none of its own) <input name=\"quota\" id=\"quota\" value=\"{Html.E(quota)}\"></label> {quotaNote}", "Save", "save-quota")}
            <h2>Forwarding</h2>
            {Form("/admin/account/forwarding",
                $"<label>Forward to (one address per line, up to 10) <textarea name=\"targets\" id=\"forward-targets\">{Html.E(string.Join("\n", a.Forward))}</textarea></label>" +
                $"<label><input type=\"checkbox\" name=\"keep-copy\" id=\"forward-keep-copy\"{(a.ForwardKeepCopy ? " checked" : "")}> Keep a copy in the mailbox</label>", "Save", "save-forwarding")}
            """;
    }
}
