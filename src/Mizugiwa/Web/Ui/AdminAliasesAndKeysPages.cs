using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Storage;

namespace Mizugiwa.Web.Ui;

/// <summary>Admin pages for aliases (add, remove); the DKIM keys are in <see cref="AdminDkimPages"/>. Changes are audited.</summary>
internal static class AdminAliasesAndKeysPages
{
    public static void Map(WebApplication app)
    {
        const string admins = SignInPages.AdminPolicy;

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
    }
}
