namespace Mizugiwa.Imap;

/// <summary>
/// The selected mailbox as this session has told the client about it: message sequence numbers are
/// positions in <see cref="Messages"/>, which changes only when the session reports the change
/// (EXISTS, EXPUNGE), never behind the client's back.
/// </summary>
internal sealed class SelectedFolder(string name, string path, bool readOnly, FolderSnapshot snapshot)
{
    public string Name { get; } = name;
    public string Path { get; } = path;
    public bool ReadOnly { get; } = readOnly;
    public long UidValidity { get; } = snapshot.UidValidity;
    public List<MaildirMessage> Messages { get; } = [.. snapshot.Messages];

    public long LargestUid => Messages.Count == 0 ? 0 : Messages[^1].Uid;

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
