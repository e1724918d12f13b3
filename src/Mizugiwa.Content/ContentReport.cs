namespace Mizugiwa.Content;

/// <summary>
/// What the analyzers found about one message. Analyzers of one stage run concurrently, so every
/// method locks. The score and the action are computed from it afterwards (see ContentScanner).
/// </summary>
public sealed class ContentReport
{
    private readonly Lock _lock = new();
    private readonly List<ContentSymbol> _symbols = [];
    private readonly List<AuthResultEntry> _authResults = [];
    private readonly List<SpfVerdict> _spf = [];
    private readonly List<DkimVerdict> _dkim = [];
    private readonly List<string> _forcedActionReasons = [];
    private ArcVerdict? _arc;
    private DmarcVerdict? _dmarc;
    private ContentAction _forcedAction;

    public void Add(ContentSymbol symbol)
    {
        lock (_lock) _symbols.Add(symbol);
    }

    public void Add(string name, double defaultScore, string? detail = null) => Add(new ContentSymbol(name, defaultScore, detail));

    /// <summary>One resinfo for the Authentication-Results header we add.</summary>
    public void AddAuthResult(AuthResultEntry entry)
    {
        lock (_lock) _authResults.Add(entry);
    }

    public void AddSpf(SpfVerdict verdict)
    {
        lock (_lock) _spf.Add(verdict);
    }

    public void AddDkim(DkimVerdict verdict)
    {
        lock (_lock) _dkim.Add(verdict);
    }

    public void SetArc(ArcVerdict verdict)
    {
        lock (_lock) _arc = verdict;
    }

    public void SetDmarc(DmarcVerdict verdict)
    {
        lock (_lock) _dmarc = verdict;
    }

    /// <summary>Forces at least <paramref name="action"/> whatever the score (the strongest forced action wins).</summary>
    public void Force(ContentAction action, string reason)
    {
        lock (_lock)
        {
            if (action > _forcedAction) _forcedAction = action;
            _forcedActionReasons.Add(reason);
        }
    }

    /// <summary>
    /// A copy with the symbols <paramref name="replaced"/> picks taken out and <paramref name="added"/> put in;
    /// everything else as found. For scoring the same scan once more with one recipient's own evidence.
    /// </summary>
    public ContentReport WithSymbols(Func<ContentSymbol, bool> replaced, IEnumerable<ContentSymbol> added)
    {
        var copy = new ContentReport();
        lock (_lock)
        {
            copy._symbols.AddRange(_symbols.Where(s => !replaced(s)));
            copy._authResults.AddRange(_authResults);
            copy._spf.AddRange(_spf);
            copy._dkim.AddRange(_dkim);
            copy._forcedActionReasons.AddRange(_forcedActionReasons);
            copy._arc = _arc;
            copy._dmarc = _dmarc;
            copy._forcedAction = _forcedAction;
        }
        copy._symbols.AddRange(added);
        return copy;
    }

    public IReadOnlyList<ContentSymbol> Symbols { get { lock (_lock) return [.. _symbols]; } }
    public IReadOnlyList<AuthResultEntry> AuthResults { get { lock (_lock) return [.. _authResults]; } }
    public IReadOnlyList<SpfVerdict> Spf { get { lock (_lock) return [.. _spf]; } }
    public IReadOnlyList<DkimVerdict> Dkim { get { lock (_lock) return [.. _dkim]; } }
    public ArcVerdict? Arc { get { lock (_lock) return _arc; } }
    public DmarcVerdict? Dmarc { get { lock (_lock) return _dmarc; } }
    public ContentAction ForcedAction { get { lock (_lock) return _forcedAction; } }
    public IReadOnlyList<string> ForcedActionReasons { get { lock (_lock) return [.. _forcedActionReasons]; } }
}
