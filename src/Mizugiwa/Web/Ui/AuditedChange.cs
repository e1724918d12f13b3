using Microsoft.AspNetCore.Http;
using Mizugiwa.Storage;

namespace Mizugiwa.Web.Ui;

/// <summary>How the admin pages change things: run the change, write it to the audit log, go back to the page with a notice.</summary>
internal static class AuditedChange
{
    /// <summary>A refused change (its reason) is shown on the page and not audited.</summary>
    public static async Task<IResult> RunAsync(HttpContext http, SqlDirectory directory, TimeProvider time, string page, string action, string target,
        Func<CancellationToken, Task> change, string done)
    {
        try
        {
            await change(http.RequestAborted);
        }
        catch (Exception e) when (e is DirectoryException or ArgumentException)
        {
            return Back(page, e.Message);
        }
        await AuditAsync(http, directory, time, action, target);
        return Back(page, done);
    }

    public static Task AuditAsync(HttpContext http, SqlDirectory directory, TimeProvider time, string action, string target) =>
        directory.AddAuditAsync(new AuditEntry(time.GetUtcNow(), http.User.Identity!.Name!, action, target), http.RequestAborted);

    public static IResult Back(string page, string notice) => Results.Redirect(page + (page.Contains('?') ? "&notice=" : "?notice=") + Uri.EscapeDataString(notice));
}
