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

    /// <summary>
    /// Notices quote what was typed; a long one keeps its start and its end (where the problem is named) so the
    /// redirect stays within the request line the server reads back (Kestrel refuses over 8 KiB with an empty 414).
    /// </summary>
    public const int MaxNoticeLength = 300;

    public static IResult Back(string page, string notice) => Results.Redirect(page + (page.Contains('?') ? "&notice=" : "?notice=") + Uri.EscapeDataString(Shorten(notice)));

    private static string Shorten(string notice)
    {
        if (notice.Length <= MaxNoticeLength) return notice;
        var head = MaxNoticeLength / 2;
        var tail = notice.Length - MaxNoticeLength / 2;
        if (char.IsHighSurrogate(notice[head - 1])) head--;
        if (char.IsLowSurrogate(notice[tail])) tail++;
        return notice[..head] + "…" + notice[tail..];
    }
}
