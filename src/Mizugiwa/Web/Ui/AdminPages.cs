using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Mizugiwa.Core;
using Mizugiwa.Storage;
using Mizugiwa.Storage.Import;

namespace Mizugiwa.Web.Ui;

/// <summary>The admin pages (mailboxes in Web:Admins): accounts with their filter modes, adding one. Every change is audited.</summary>
internal static class AdminPages
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/admin", async (HttpContext http, IAntiforgery antiforgery, SqlDirectory directory, string? notice) =>
        {
            var rows = new List<string>();
            foreach (var account in await directory.ListAccountDetailsAsync(null, http.RequestAborted))
            {
                var address = account.Address;
                rows.Add($"<tr><td><a href=\"{Html.E(AdminAccountPage.Page(address))}\">{Html.E(address)}</a></td><td>{FilterModes.Name(account.FilterMode)}</td>" +
                    $"<td>{(account.Disabled ? "disabled" : "enabled")}</td><td>{(account.QuotaBytes is { } q ? QuotaSize.Format(q) : "")}</td>" +
                    $"<td>{Html.E(string.Join(", ", account.Forward))}</td><td>" +
                    $"<form method=\"post\" action=\"/admin/accounts/password\" style=\"display:inline\">{Html.Antiforgery(antiforgery, http)}<input type=\"hidden\" name=\"address\" value=\"{Html.E(address)}\">" +
                    "<input type=\"password\" name=\"password\" placeholder=\"new password\" required><button class=\"reset-password\">Reset password</button></form> " +
                    $"<form method=\"post\" action=\"/admin/accounts/remove\" style=\"display:inline\">{Html.Antiforgery(antiforgery, http)}<input type=\"hidden\" name=\"address\" value=\"{Html.E(address)}\">" +
                    "<button class=\"remove-account\">Delete</button></form></td></tr>");
            }
            return Html.Page("Administration", $"""
                {AdminOperationsPages.Navigation}
                <h2>Add an account</h2>
                <form method="post" action="/admin/accounts">{Html.Antiforgery(antiforgery, http)}
                <label>Address <input name="address" id="new-address" required></label>
                <label>Password <input name="password" id="new-account-password" type="password" required></label>
                <button id="add-account">Add</button></form>
                <h2>Import accounts from CSV</h2>
                <p><small>Columns: address, password or password_hash ({"{"}ARGON2ID{"}"}, {"{"}BLF-CRYPT{"}"}, {"{"}SHA512-CRYPT{"}"}), display_name, forward, filter_mode. See docs/ACCOUNTS-IMPORT.md.</small></p>
                <form method="post" action="/admin/import" enctype="multipart/form-data">{Html.Antiforgery(antiforgery, http)}
                <label>CSV file <input type="file" name="file" id="csv-file" accept=".csv,text/csv" required></label>
                <label><input type="checkbox" name="dryRun" value="true" id="dry-run"> Dry run: only show what would happen</label>
                <button id="import">Import</button></form>
                <h2>Accounts ({rows.Count})</h2>
                <table id="accounts"><tr><th>address</th><th>filter mode</th><th>state</th><th>quota</th><th>forwards to</th><th></th></tr>{string.Concat(rows)}</table>
                """, http.User.Identity!.Name, notice);
        }).RequireAuthorization(SignInPages.AdminPolicy);
        app.MapPost("/admin/import", async (IFormFile file, [FromForm] bool? dryRun, HttpContext http, IAntiforgery antiforgery, SqlDirectory directory, TimeProvider time) =>
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, http.RequestAborted);
            var outcome = await new AccountImporter(directory).RunAsync(buffer.ToArray(), dryRun == true, null, http.RequestAborted);
            var lines = outcome.Plan.Lines.Select(l => l.ToString());
            switch (outcome.Status)
            {
                case AccountImportStatus.Refused:
                    return ImportResult(http, $"Nothing was imported: {outcome.Failure}", []);
                case AccountImportStatus.Invalid:
                    return ImportResult(http, "Nothing was imported: " + outcome.Plan.Summary, lines);
                case AccountImportStatus.Checked:
                    return ImportResult(http, "Dry run, nothing changed: " + outcome.Plan.Summary, lines);
            }
            await AuditedChange.AuditAsync(http, directory, time, "account import", $"{outcome.Added} account(s) from {file.FileName}");
            return ImportResult(http, $"Imported {outcome.Added} account(s).", []);
        }).RequireAuthorization(SignInPages.AdminPolicy);
        app.MapPost("/admin/accounts/password", ([FromForm] string address, [FromForm] string password, HttpContext http, SqlDirectory directory, TimeProvider time) =>
            AuditedChange.RunAsync(http, directory, time, "/admin", "account passwd", address, ct => directory.SetPasswordAsync(address, PasswordCredentials.Create(password), ct), $"new password for {address}"))
            .RequireAuthorization(SignInPages.AdminPolicy);
        app.MapPost("/admin/accounts/remove", ([FromForm] string address, HttpContext http, SqlDirectory directory, TimeProvider time) =>
            AuditedChange.RunAsync(http, directory, time, "/admin", "account remove", address, ct => directory.RemoveAccountAsync(address, ct), $"removed account {address}"))
            .RequireAuthorization(SignInPages.AdminPolicy);
        app.MapPost("/admin/accounts", ([FromForm] string address, [FromForm] string password, HttpContext http, SqlDirectory directory, TimeProvider time) =>
            AuditedChange.RunAsync(http, directory, time, "/admin", "account add", address,
                ct => directory.AddAccountAsync(address, PasswordCredentials.Create(password), ct), $"added account {address}"))
            .RequireAuthorization(SignInPages.AdminPolicy);
    }

    private static IResult ImportResult(HttpContext http, string summary, IEnumerable<string> lines) => Html.Page("Account import",
        $"<p id=\"import-summary\">{Html.E(summary)}</p><pre id=\"import-lines\">{Html.E(string.Join("\n", lines.Take(2000)))}</pre><p><a href=\"/admin\">Back</a></p>",
        http.User.Identity!.Name);
}
