using MimeKit;
using Mizugiwa.Content;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Web;

/// <summary>
/// A mailbox user's inbox and quarantine (the Junk folder) as the self-service pages and API see them:
/// the newest messages (a bounded list); "spam" on an inbox message teaches the user's own Bayes
/// dictionary and moves it into Junk, "not spam" on a quarantined one teaches ham and moves it back.
/// Messages are named by their Maildir file name without the flags (the part before ':'); only files
/// in the signed-in user's own Maildir are ever found.
/// </summary>
public sealed class SelfServiceInbox(string mailRoot, BayesStore bayes, string junkFolder = "Junk")
{
    public const int MaxListed = 100;

    /// <summary>One listed message; <see cref="SpamScore"/> is its X-Spam-Score header (empty when it has none).</summary>
    public sealed record Message(string Id, string From, string Subject, string Date, string SpamScore);

    /// <summary>The newest messages of the user's inbox, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<Message> List(string user, int limit = MaxListed) => ListFolder(Inbox(user), limit);

    /// <summary>The newest messages of the user's quarantine (Junk), at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<Message> ListQuarantine(string user, int limit = MaxListed) => ListFolder(Junk(user), limit);

    /// <summary>Learns one inbox message as spam for the user and moves it to Junk; false when the user's inbox has no such message.</summary>
    public Task<bool> MarkSpamAsync(string user, string id, CancellationToken cancellationToken) =>
        LearnAndMoveAsync(user, id, Inbox(user), Junk(user), spam: true, cancellationToken);

    /// <summary>Learns one quarantined message as not spam for the user and moves it to the inbox; false when the quarantine has no such message.</summary>
    public Task<bool> ReleaseAsync(string user, string id, CancellationToken cancellationToken) =>
        LearnAndMoveAsync(user, id, Junk(user), Inbox(user), spam: false, cancellationToken);

    private string Inbox(string user) => MaildirLayout.PathFor(mailRoot, user);

    private string Junk(string user) => MaildirLayout.FolderPath(Inbox(user), junkFolder);

    private static IReadOnlyList<Message> ListFolder(string maildir, int limit) =>
        [.. Files(maildir).OrderByDescending(File.GetLastWriteTimeUtc).ThenByDescending(f => f, StringComparer.Ordinal)
            .Take(Math.Clamp(limit, 1, MaxListed)).Select(Read).OfType<Message>()];

    private async Task<bool> LearnAndMoveAsync(string user, string id, string from, string to, bool spam, CancellationToken cancellationToken)
    {
        if (Find(from, id) is not { } file) return false;
        await LearnAsync(bayes, await File.ReadAllBytesAsync(file, cancellationToken), spam, user, cancellationToken);
        foreach (var directory in new[] { "tmp", "new", "cur" }) Directory.CreateDirectory(Path.Combine(to, directory));
        var subdirectory = Path.GetFileName(Path.GetDirectoryName(file))!;
        File.Move(file, Path.Combine(to, subdirectory, WithoutKeywords(Path.GetFileName(file))));
        MaildirChanges.Changed(to);
        return true;
    }

    /// <summary>
    /// The file name without IMAP keyword letters (a..z in the info after ":2,"): they name keywords through the folder's own
    /// dovecot-keywords file, so in the other folder they would name others, and a message the user has just judged should
    /// not keep a mail client's $Junk or $NotJunk.
    /// </summary>
    public static string WithoutKeywords(string name)
    {
        int info = name.IndexOf(":2,", StringComparison.Ordinal) + 3;
        if (info < 3) return name;
        int extra = name.IndexOf(',', info);
        if (extra < 0) extra = name.Length;
        return name[..info] + new string([.. name[info..extra].Where(c => c is not (>= 'a' and <= 'z'))]) + name[extra..];
    }

    /// <summary>What "spam" and "not spam" do to the user's dictionary, for the page and the API alike.</summary>
    public static async Task<LearnOutcome> LearnAsync(BayesStore bayes, byte[] raw, bool spam, string user, CancellationToken cancellationToken) =>
        (await bayes.LearnReportsAsync([raw], spam, user, cancellationToken))[0];

    private static IEnumerable<string> Files(string maildir) =>
        new[] { "new", "cur" }.Select(d => Path.Combine(maildir, d)).Where(Directory.Exists).SelectMany(Directory.EnumerateFiles);

    private static string IdOf(string file) => Path.GetFileName(file).Split(':')[0];

    private static string? Find(string maildir, string id)
    {
        if (id.Length == 0 || id.Contains('/', StringComparison.Ordinal) || id.Contains(':', StringComparison.Ordinal) || id.StartsWith('.')) return null;
        return Files(maildir).FirstOrDefault(f => IdOf(f) == id);
    }

    private static Message? Read(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            var headers = HeaderList.Load(stream);
            return new Message(IdOf(file), headers[HeaderId.From] ?? "", headers[HeaderId.Subject] ?? "", headers[HeaderId.Date] ?? "", headers["X-Spam-Score"] ?? "");
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return null; // removed or unreadable in between: not listed
        }
    }
}
