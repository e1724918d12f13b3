using System.Collections.Immutable;

namespace Mizugiwa.Imap;

/// <summary>
/// One message of a folder: its UID, its Maildir base name (the file name before ':', which stays the
/// same when the file moves from new/ to cur/ or its flags change), where the file is now, its flags, and
/// its keywords (named through the folder's <see cref="MaildirKeywords"/>).
/// </summary>
internal sealed class MaildirMessage(long uid, string baseName, string path, MessageFlags flags, ImmutableSortedSet<string>? keywords = null)
{
    public long Uid { get; } = uid;
    public string BaseName { get; } = baseName;
    public string Path { get; set; } = path;
    public MessageFlags Flags { get; set; } = flags;
    public ImmutableSortedSet<string> Keywords { get; set; } = keywords ?? Keyword.None;

    public long Size => new FileInfo(Path).Length;

    /// <summary>The delivery time: the file's modification time, which APPEND sets to the date the client gives.</summary>
    public DateTimeOffset InternalDate => new(File.GetLastWriteTimeUtc(Path), TimeSpan.Zero);
}

/// <summary>
/// A folder as it was at one look: UIDVALIDITY, the next UID, the messages in UID order, the folder's keyword names,
/// and the UIDs that are \Recent for the one who looked (see <see cref="MaildirFolder.Sync"/>).
/// </summary>
internal sealed record FolderSnapshot(long UidValidity, long UidNext, IReadOnlyList<MaildirMessage> Messages, MaildirKeywords Keywords, IReadOnlySet<long> Recent);
