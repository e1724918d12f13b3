using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Configuration;
using Mizugiwa.Policy.Access;
using Mizugiwa.Policy.Greylist;
using Mizugiwa.Storage;
using Mizugiwa.Web.Admin;

namespace Mizugiwa.Web.Ui;

/// <summary>
/// The greylist entries (all nodes' with Redis): searched by client, sender and recipient, a page at a
/// time, with one-click release (mark passed: the next attempt is accepted) and "whitelist this client"
/// (an access-list allow entry). Changes are audited.
/// </summary>
internal static class AdminGreylistPages
{
    private const int PageSize = 50;

    public static void Map(WebApplication app, MizugiwaOptions options)
    {
        const string admins = SignInPages.AdminPolicy;
        var access = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IAccessRuleStore>(app.Services);

        app.MapGet("/admin/greylist", async (HttpContext http, IAntiforgery antiforgery, IGreylistStore store, TimeProvider time,
            string? client, string? sender, string? recipient, int? page, string? notice) =>
        {
            var query = new GreylistQuery(client, sender, recipient, Math.Max(page ?? 1, 1), PageSize);
            var result = await new GreylistAdmin(store, access, time).ListAsync(query, http.RequestAborted);
            var now = time.GetUtcNow();
            var rows = result.Records.Select(r =>
                $"<tr><td>{Html.E(r.Key.Client)}</td><td>{Html.E(r.Key.Sender)}</td><td>{Html.E(r.Key.Recipient)}</td><td>{Time(r.Entry.FirstSeen)}</td><td>{Time(r.Entry.LastSeen)}</td>" +
                $"<td>{(r.Entry.HasPassed ? $"passed {r.Entry.PassedCount}×" : "waiting")}</td><td>" +
                (r.Entry.HasPassed ? "" : TripletButton(http, antiforgery, r.Key, "/admin/greylist/release", "release", "Let through now")) +
                TripletButton(http, antiforgery, r.Key, "/admin/greylist/whitelist", "whitelist", "Whitelist client") + "</td></tr>");
            var pages = (result.Total + PageSize - 1) / PageSize;
            string Link(int p, string label, string id) =>
                $"<a id=\"{id}\" href=\"/admin/greylist?client={Uri.EscapeDataString(client ?? "")}&sender={Uri.EscapeDataString(sender ?? "")}&recipient={Uri.EscapeDataString(recipient ?? "")}&page={p}\">{label}</a>";
            var paging = $"<p>{result.Total} entr{(result.Total == 1 ? "y" : "ies")}, page {query.Page} of {Math.Max(pages, 1)} " +
                (query.Page > 1 ? Link(query.Page - 1, "previous", "greylist-previous") + " " : "") + (query.Page < pages ? Link(query.Page + 1, "next", "greylist-next") : "") + "</p>";
            return Html.Page("Greylist", $"""
                {AdminOperationsPages.Navigation}
                <p>Triplets (client network or pool domain, sender, recipient) that greylisting has seen. A waiting one is deferred until its retry comes after the delay; "Let through now" marks it passed. "Whitelist client" adds an access-list allow entry, so the client skips the spam checks from now on.</p>
                <form method="get" action="/admin/greylist">
                <label>Client <input name="client" id="greylist-client" value="{Html.E(client)}"></label>
                <label>Sender <input name="sender" id="greylist-sender" value="{Html.E(sender)}"></label>
                <label>Recipient <input name="recipient" id="greylist-recipient" value="{Html.E(recipient)}"></label>
                <button id="search-greylist">Search</button></form>
                {paging}
                <table id="greylist"><tr><th>client</th><th>sender</th><th>recipient</th><th>first seen (UTC)</th><th>last seen (UTC)</th><th>state</th><th></th></tr>{string.Concat(rows)}</table>
                """, http.User.Identity!.Name, notice);
        }).RequireAuthorization(admins);

        app.MapPost("/admin/greylist/release", async ([FromForm] string client, [FromForm] string? sender, [FromForm] string recipient,
            HttpContext http, IGreylistStore store, SqlDirectory directory, TimeProvider time) =>
        {
            var key = new GreylistKey(client, sender ?? "", recipient);
            if (await new GreylistAdmin(store, access, time).ReleaseAsync(key, http.RequestAborted) is { } problem) return AuditedChange.Back("/admin/greylist", problem);
            await AuditedChange.AuditAsync(http, directory, time, "greylist release", key.ToString());
            return AuditedChange.Back("/admin/greylist", $"let through: {key}");
        }).RequireAuthorization(admins);
        app.MapPost("/admin/greylist/whitelist", async ([FromForm] string client, HttpContext http, IGreylistStore store, SqlDirectory directory, TimeProvider time) =>
        {
            if (await new GreylistAdmin(store, access, time).WhitelistAsync(client, http.RequestAborted) is { } problem) return AuditedChange.Back("/admin/greylist", problem);
            var rule = GreylistAdmin.WhitelistRule(client.Trim());
            await AuditedChange.AuditAsync(http, directory, time, $"access add {rule.Kind.ToString().ToLowerInvariant()} allow", rule.Pattern);
            return AuditedChange.Back("/admin/greylist", $"whitelisted {rule.Pattern} (access list)");
        }).RequireAuthorization(admins);
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string TripletButton(HttpContext http, IAntiforgery antiforgery, GreylistKey key, string action, string css, string label) =>
        $"<form method=\"post\" action=\"{action}\" style=\"display:inline\">{Html.Antiforgery(antiforgery, http)}" +
        $"<input type=\"hidden\" name=\"client\" value=\"{Html.E(key.Client)}\"><input type=\"hidden\" name=\"sender\" value=\"{Html.E(key.Sender)}\">" +
        $"<input type=\"hidden\" name=\"recipient\" value=\"{Html.E(key.Recipient)}\"><button class=\"greylist-{css}\">{label}</button></form>";
}
