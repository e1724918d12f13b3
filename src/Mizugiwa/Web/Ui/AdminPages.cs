using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Core;
using Mizugiwa.Storage;

namespace Mizugiwa.Web.Ui;

/// <summary>The admin pages (mailboxes in Web:Admins): accounts with their filter modes, adding one. Every change is audited.</summary>
internal static class AdminPages
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/admin", async (HttpContext http, IAntiforgery antiforgery, SqliteDirectory directory, string? notice) =>
        {
            var rows = new List<string>();
            foreach (var address in await directory.ListAccountsAsync(null, http.RequestAborted))
                rows.Add($"<tr><td>{Html.E(address)}</td><td>{FilterModes.Name(await directory.GetFilterModeAsync(address, http.RequestAborted))}</td></tr>");
            return Html.Page("Administration", $"""
                <p><a href="/">Your mailbox</a></p>
                <h2>Add an account</h2>
                <form method="post" action="/admin/accounts">{Html.Antiforgery(antiforgery, http)}
                <label>Address <input name="address" id="new-address" required></label>
                <label>Password <input name="password" id="new-account-password" type="password" required></label>
                <button id="add-account">Add</button></form>
                <h2>Accounts ({rows.Count})</h2>
                <table id="accounts"><tr><th>address</th><th>filter mode</th></tr>{string.Concat(rows)}</table>
                """, http.User.Identity!.Name, notice);
        }).RequireAuthorization(p => p.RequireRole(SignInPages.AdminRole));
        app.MapPost("/admin/accounts", async ([FromForm] string address, [FromForm] string password, HttpContext http, SqliteDirectory directory, TimeProvider time) =>
        {
            try
            {
                await directory.AddAccountAsync(address, PasswordCredentials.Create(password), http.RequestAborted);
            }
            catch (Exception e) when (e is DirectoryException or ArgumentException)
            {
                return Results.Redirect("/admin?notice=" + Uri.EscapeDataString(e.Message));
            }
            await directory.AddAuditAsync(new AuditEntry(time.GetUtcNow(), http.User.Identity!.Name!, "account add", address), http.RequestAborted);
            return Results.Redirect("/admin?notice=" + Uri.EscapeDataString($"added account {address}"));
        }).RequireAuthorization(p => p.RequireRole(SignInPages.AdminRole));
    }
}
