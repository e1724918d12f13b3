using System.Collections.Concurrent;

namespace Mizugiwa.Mailbox;

/// <summary>
/// Word within this process that a Maildir folder changed: it gained a message (a delivery, an IMAP APPEND, COPY
/// or MOVE, the web's spam moves), a message's flags or keywords changed (STORE), or messages were expunged; so an
/// IMAP session in IDLE tells its client at once rather than at its next look. Changes made by other processes
/// are still found by looking.
/// </summary>
public static class MaildirChanges
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Waiting = new(StringComparer.Ordinal);

    /// <summary>Completes at the next <see cref="Changed"/> of <paramref name="folder"/>.</summary>
    public static Task Next(string folder) =>
        Waiting.GetOrAdd(Key(folder), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public static void Changed(string folder)
    {
        if (Waiting.TryRemove(Key(folder), out var waiting)) waiting.TrySetResult();
    }

    private static string Key(string folder) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
}
