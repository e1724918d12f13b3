using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Configuration;
using Mizugiwa.Delivery.Dkim;
using Mizugiwa.Storage;
using Mizugiwa.Web.Admin;

namespace Mizugiwa.Web.Ui;

/// <summary>
/// The DKIM signing keys with the DNS records to publish; making a key (what <c>mizugiwa dkim keygen</c>
/// does) and removing one after a confirmation page. Changes are audited.
/// </summary>
internal static class AdminDkimPages
{
    public static void Map(WebApplication app, MizugiwaOptions options)
    {
        const string admins = SignInPages.AdminPolicy;
        var keys = DkimKeyStore.ForDataDirectory(options.DataDirectory);

        app.MapGet("/admin/dkim", (HttpContext http, IAntiforgery antiforgery, string? notice) =>
        {
            var rows = keys.List().Select(DkimKeyView.Of).Select(k =>
                $"<tr><td>{Html.E(k.Domain)}</td><td>{Html.E(k.Selector)}</td><td>{Html.E(k.Algorithm)}</td><td>{(k.Active ? "active" : "")}</td><td><code>{Html.E(k.Record ?? k.Problem)}</code></td>" +
                $"<td><a class=\"remove-dkim\" href=\"/admin/dkim/remove?domain={Uri.EscapeDataString(k.Domain)}&selector={Uri.EscapeDataString(k.Selector)}\">Delete…</a></td></tr>");
            var algorithms = "<option value=\"rsa\">rsa-2048</option><option value=\"ed25519\">ed25519</option>";
            return Html.Page("DKIM keys", $"""
                {AdminOperationsPages.Navigation}
                <h2>Make a key</h2>
                <p>The same as <code>mizugiwa dkim keygen DOMAIN --selector S</code>. A domain's first key of a type signs at once; a later one waits for <code>mizugiwa dkim activate</code> (publish its record first).</p>
                <form method="post" action="/admin/dkim">{Html.Antiforgery(antiforgery, http)}
                <label>Domain <input name="domain" id="dkim-domain" required></label>
                <label>Selector <input name="selector" id="dkim-selector" required></label>
                <label>Algorithm <select name="algorithm" id="dkim-algorithm">{algorithms}</select></label>
                <button id="dkim-keygen">Make key</button></form>
                <h2>Keys</h2>
                <table id="dkim"><tr><th>domain</th><th>selector</th><th>algorithm</th><th></th><th>DNS record</th><th></th></tr>{string.Concat(rows)}</table>
                """, http.User.Identity!.Name, notice);
        }).RequireAuthorization(admins);

        app.MapPost("/admin/dkim", async ([FromForm] string? domain, [FromForm] string? selector, [FromForm] string? algorithm,
            HttpContext http, SqlDirectory directory, TimeProvider time) =>
        {
            var (key, problem) = DkimAdmin.Generate(keys, domain, selector, algorithm);
            if (key is null) return AuditedChange.Back("/admin/dkim", problem!);
            await AuditedChange.AuditAsync(http, directory, time, $"dkim keygen {key.Algorithm}", $"{key.Domain} {key.Selector}");
            return Html.Page("DKIM key made", $"""
                {AdminOperationsPages.Navigation}
                <p id="dkim-made">{Html.E(key.Domain)} selector {Html.E(key.Selector)}: {Html.E(key.Algorithm)}, {(key.Active ? "signing now" : "not signing yet: publish the record, then activate it")}.</p>
                <p>Publish this TXT record in the zone of {Html.E(key.Domain)}:</p>
                <pre id="dkim-record">{Html.E(key.Record)}</pre>
                <p><a href="/admin/dkim">Back to the keys</a></p>
                """, http.User.Identity!.Name);
        }).RequireAuthorization(admins);

        app.MapGet("/admin/dkim/remove", (string domain, string selector, HttpContext http, IAntiforgery antiforgery) => Html.Page("Delete a DKIM key", $"""
            {AdminOperationsPages.Navigation}
            <p>Delete the key of <strong>{Html.E(domain)}</strong> with selector <strong>{Html.E(selector)}</strong>? Mail signed with it can no longer be verified once its DNS record is removed too; an active key stops signing at once.</p>
            <form method="post" action="/admin/dkim/remove">{Html.Antiforgery(antiforgery, http)}
            <input type="hidden" name="domain" value="{Html.E(domain)}"><input type="hidden" name="selector" value="{Html.E(selector)}">
            <button id="confirm-remove-dkim">Yes, delete the key</button> <a href="/admin/dkim">No, keep it</a></form>
            """, http.User.Identity!.Name)).RequireAuthorization(admins);
        app.MapPost("/admin/dkim/remove", async ([FromForm] string domain, [FromForm] string selector, HttpContext http, SqlDirectory directory, TimeProvider time) =>
        {
            var (key, problem) = DkimAdmin.Remove(keys, domain, selector);
            if (key is null) return AuditedChange.Back("/admin/dkim", problem!);
            await AuditedChange.AuditAsync(http, directory, time, "dkim remove", $"{domain} {selector}");
            return AuditedChange.Back("/admin/dkim", $"deleted the key of {domain} selector {selector}");
        }).RequireAuthorization(admins);
    }
}
