namespace Mizugiwa.Imap;

/// <summary>
/// The selected mailbox as this session has told the client about it: message sequence numbers are
/// positions in <see cref="Messages"/>, which changes only when the session reports the change
/// (EXISTS, EXPUNGE), never behind the client's back; the keyword names last announced in FLAGS; and the
/// messages that are \Recent for this session (a read-write one: those it moved from new/ to cur/ itself).
/// </summary>
internal sealed class SelectedFolder(string name, string path, bool readOnly, FolderSnapshot snapshot)
{
    public string Name { get; } = name;
    public string Path { get; } = path;
    public bool ReadOnly { get; } = readOnly;
    public long UidValidity { get; } = snapshot.UidValidity;
    public List<MaildirMessage> Messages { get; } = [.. snapshot.Messages];
    public MaildirKeywords Keywords { get; set; } = snapshot.Keywords;
    public HashSet<long> Recent { get; } = [.. snapshot.Recent];

    public long LargestUid => Messages.Count == 0 ? 0 : Messages[^1].Uid;

    public bool IsRecent(MaildirMessage message) => Recent.Contains(message.Uid);

    /// <summary>The message's FLAGS as this session shows them: system flags, \Recent, keywords.</summary>
    public string FlagsOf(MaildirMessage message) => MessageFlagText.List(message.Flags, message.Keywords, IsRecent(message));

    /// <summary>The messages a set names, with their sequence numbers, in ascending order.</summary>
    public List<(long Sequence, MaildirMessage Message)> Select(SequenceSet set, bool byUid)
    {
        var found = new List<(long, MaildirMessage)>();
        long largest = byUid ? LargestUid : Messages.Count;
        for (int i = 0; i < Messages.Count; i++)
        {
            var message = Messages[i];
            if (set.Contains(byUid ? message.Uid : i + 1, largest)) found.Add((i + 1, message));
        }
        return found;
    }
}
