using System.Collections.Concurrent;

namespace Mizugiwa.Pop3;

/// <summary>
/// The octets of messages as sent, remembered across sessions by Maildir and unique name together with the
/// file's length: a Maildir message never changes, it only moves between new/ and cur/ and gains flags, so
/// a login reads only the messages it has not seen before. Bounded: past the limit it starts afresh.
/// </summary>
public sealed class MessageSizes(int limit = 200_000)
{
    private readonly ConcurrentDictionary<string, (long Length, long Octets)> _known = new(StringComparer.Ordinal);

    public bool TryGet(string maildir, string uid, long length, out long octets)
    {
        octets = 0;
        if (!_known.TryGetValue(Key(maildir, uid), out var entry) || entry.Length != length) return false;
        octets = entry.Octets;
        return true;
    }

    public void Remember(string maildir, string uid, long length, long octets)
    {
        if (_known.Count >= limit) _known.Clear();
        _known[Key(maildir, uid)] = (length, octets);
    }

    private static string Key(string maildir, string uid) => maildir + "\0" + uid;
}
