using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Configuration;
using Mizugiwa.Delivery.Dkim;
using Mizugiwa.Storage;

namespace Mizugiwa.Web.Ui;

/// <summary>Admin pages for aliases (add, remove) and the DKIM signing keys with the DNS records to publish. Changes are audited.</summary>
internal static class AdminAliasesAndKeysPages
{
    public static void Map(WebApplication app, MizugiwaOptions options)
    {
        const string admins = SignInPages.AdminPolicy;
        var keys = DkimKeyStore.ForDataDirectory(options.DataDirectory);

        app.MapGet("/admin/aliases", async (HttpContext http, IAntiforgery antiforgery, SqlDirectory directory, string? notice) =>
        {
            var rows = (await directory.ListAliasesAsync(null, http.RequestAborted)).Select(a =>
                $"<tr><td>{Html.E(a.Address)}</td><td>{Html.E(a.Target)}</td><td><form method=\"post\" action=\"/admin/aliases/remove\">{Html.Antiforgery(antiforgery, http)}" +
                $"<input type=\"hidden\" name=\"address\" value=\"{Html.E(a.Address)}\"><input type=\"hidden\" name=\"target\" value=\"{Html.E(a.Target)}\"><button>Remove</button></form></td></tr>");
            return Html.Page("Aliases", $"""
                {AdminOperationsPages.Navigation}
                <form method="post" action="/admin/aliases">{Html.Antiforgery(antiforgery, http)}
                <label>Alias <input name="address" id="alias-address" required></label>
                <label>Delivers to <input name="target" id="alias-target" required></label>
                <button id="add-alias">Add</button></form>
                <table id="aliases"><tr><th>alias</th><th>target</th><th></th></tr>{string.Concat(rows)}</table>
                """, http.User.Identity!.Name, notice);
        }).RequireAuthorization(admins);
        app.MapPost("/admin/aliases", ([FromForm] string address, [FromForm] string target, HttpContext http, SqlDirectory directory, TimeProvider time) =>
            AuditedChange.RunAsync(http, directory, time, "/admin/aliases", "alias add", $"{address} -> {target}", ct => directory.AddAliasAsync(address, target, ct),
                $"alias add: {address} -> {target}")).RequireAuthorization(admins);
        app.MapPost("/admin/aliases/remove", ([FromForm] string address, [FromForm] string target, HttpContext http, SqlDirectory directory, TimeProvider time) =>
            AuditedChange.RunAsync(http, directory, time, "/admin/aliases", "alias remove", $"{address} -> {target}", ct => directory.RemoveAliasAsync(address, target, ct),
                $"alias remove: {address} -> {target}")).RequireAuthorization(admins);

        app.MapGet("/admin/dkim", (HttpContext http) =>
        {
            var rows = keys.List().Select(k =>
                $"<tr><td>{Html.E(k.Domain)}</td><td>{Html.E(k.Selector)}</td><td>{(k.Active ? "active" : "")}</td><td><code>{Html.E(k.ZoneLine ?? k.Problem)}</code></td></tr>");
            return Html.Page("DKIM keys", $"""
                {AdminOperationsPages.Navigation}
                <p>Keys are made with <code>mizugiwa dkim keygen DOMAIN --selector S</code>; publish the record before activating a key.</p>
                <table id="dkim"><tr><th>domain</th><th>selector</th><th></th><th>DNS record</th></tr>{string.Concat(rows)}</table>
                """, http.User.Identity!.Name);
        }).RequireAuthorization(admins);
    }
}
