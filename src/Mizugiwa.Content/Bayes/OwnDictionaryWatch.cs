namespace Mizugiwa.Content.Bayes;

/// <summary>
/// Whether any user's own dictionary votes, looked up at most once per <see cref="Recheck"/>: on a server
/// where nobody has trained enough, the recipients' own dictionaries then cost no query per message. A
/// mark learned through the same store is seen at once; one learned elsewhere (another node, or
/// `bayes train --user` in another process) within <see cref="Recheck"/>.
/// </summary>
internal sealed class OwnDictionaryWatch(TimeProvider time)
{
    public static readonly TimeSpan Recheck = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private DateTimeOffset _nextLook = DateTimeOffset.MinValue;
    private bool _anyVotes;

    /// <summary>True or false when known; null when it is time to look (<see cref="Saw"/> the answer).</summary>
    public bool? AnyVotes
    {
        get
        {
            lock (_gate) return time.GetUtcNow() < _nextLook ? _anyVotes : null;
        }
    }

    public void Saw(bool anyVotes)
    {
        lock (_gate)
        {
            _anyVotes = anyVotes;
            _nextLook = time.GetUtcNow() + Recheck;
        }
    }

    /// <summary>A user's dictionary changed through this store: look again at the next message.</summary>
    public void Changed()
    {
        lock (_gate) _nextLook = DateTimeOffset.MinValue;
    }
}
