using MimeKit;
using Mizugiwa.Content;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Web;

/// <summary>
/// A mailbox user's inbox as the self-service page and API see it: the newest messages (a bounded
/// list), and "spam" on one of them, which teaches the user's own Bayes dictionary and moves the
/// message into the Junk folder. Messages are named by their Maildir file name without the flags
/// (the part before ':'); only files in the signed-in user's own Maildir are ever found.
/// </summary>
public sealed class SelfServiceInbox(string mailRoot, BayesStore bayes, string junkFolder = "Junk")
{
    public const int MaxListed = 100;

    public sealed record Message(string Id, string From, string Subject, string Date);

    /// <summary>The newest messages of the user's inbox, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<Message> List(string user, int limit = MaxListed)
    {
        var inbox = MaildirLayout.PathFor(mailRoot, user);
        return [.. Files(inbox).OrderByDescending(File.GetLastWriteTimeUtc).ThenByDescending(f => f, StringComparer.Ordinal)
            .Take(Math.Clamp(limit, 1, MaxListed)).Select(Read).OfType<Message>()];
    }

    /// <summary>Learns one inbox message as spam for the user and moves it to Junk; false when the user's inbox has no such message.</summary>
    public async Task<bool> MarkSpamAsync(string user, string id, CancellationToken cancellationToken)
    {
        var inbox = MaildirLayout.PathFor(mailRoot, user);
        if (Find(inbox, id) is not { } file) return false;
        await LearnAsync(bayes, await File.ReadAllBytesAsync(file, cancellationToken), spam: true, user, cancellationToken);
        var junk = MaildirLayout.FolderPath(inbox, junkFolder);
        foreach (var directory in new[] { "tmp", "new", "cur" }) Directory.CreateDirectory(Path.Combine(junk, directory));
        var subdirectory = Path.GetFileName(Path.GetDirectoryName(file))!;
        File.Move(file, Path.Combine(junk, subdirectory, Path.GetFileName(file)));
        return true;
    }

    /// <summary>What "spam" and "not spam" do to the user's dictionary, for the page and the API alike.</summary>
    public static Task<LearnOutcome> LearnAsync(BayesStore bayes, byte[] raw, bool spam, string user, CancellationToken cancellationToken) =>
        bayes.LearnAsync(ContentMessageReader.Read(raw, new ContentEnvelope(null, null, null, "", [])), spam, user, cancellationToken);

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
            return new Message(IdOf(file), headers[HeaderId.From] ?? "", headers[HeaderId.Subject] ?? "", headers[HeaderId.Date] ?? "");
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return null; // removed or unreadable in between: not listed
        }
    }
}
