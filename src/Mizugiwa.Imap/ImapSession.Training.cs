namespace Mizugiwa.Imap;

/// <summary>
/// A mail client's spam reports (<see cref="IJunkReports"/>): COPY, MOVE or APPEND into Junk says "spam", COPY
/// or MOVE out of Junk into any folder but a trash folder says "not spam". Keywords such as <c>$Junk</c> are
/// not reports, because clients also set them from their own filters. A report that cannot be learned is
/// logged; the command it came with has already done its work and still succeeds.
/// </summary>
internal sealed partial class ImapSession
{
    private static readonly string[] TrashFolders = ["Trash", "Deleted", "Deleted_Items", "Deleted_Messages", "Bin"];

    /// <summary>Spam (true), not spam (false) or no report; <paramref name="from"/> is null for APPEND.</summary>
    private bool? JunkReport(string? from, string to)
    {
        bool intoJunk = to == _options.JunkFolder, outOfJunk = from == _options.JunkFolder;
        if (intoJunk) return outOfJunk ? null : true;
        if (!outOfJunk || TrashFolders.Contains(to, StringComparer.OrdinalIgnoreCase)) return null;
        return false;
    }

    private async Task ReportJunkAsync(string command, string? from, string to, IReadOnlyList<string> files)
    {
        if (_services.JunkReports is not { } reports || files.Count == 0 || JunkReport(from, to) is not { } spam) return;
        try
        {
            var learned = await reports.LearnAsync(_user!, files, spam, _services.SessionEnd);
            ImapLog.JunkReported(_services.Logger, _id, ClientText, _user!, files.Count, spam ? "spam" : "not spam", command, from ?? "outside", to, learned);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ImapLog.MailboxError(_services.Logger, _id, ClientText, _user!, $"{command} (spam report)", e.Message);
        }
    }
}
