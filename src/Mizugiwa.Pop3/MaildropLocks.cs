using System.Collections.Concurrent;

namespace Mizugiwa.Pop3;

/// <summary>
/// RFC 1939 §4: one exclusive lock per maildrop while a session is in the TRANSACTION state. The locks live
/// in this process: a Maildir belongs to the node that delivers into it.
/// </summary>
public sealed class MaildropLocks
{
    private readonly ConcurrentDictionary<string, string> _held = new(StringComparer.Ordinal);

    /// <summary>Takes the lock of <paramref name="maildir"/> for <paramref name="sessionId"/>; false when another session holds it.</summary>
    public bool TryAcquire(string maildir, string sessionId) => _held.TryAdd(Key(maildir), sessionId);

    public void Release(string maildir, string sessionId) => _held.TryRemove(new KeyValuePair<string, string>(Key(maildir), sessionId));

    private static string Key(string maildir) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(maildir));
}
