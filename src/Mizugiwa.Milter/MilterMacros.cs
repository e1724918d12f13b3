namespace Mizugiwa.Milter;

/// <summary>
/// The macros the MTA defined, kept per command they came with ('C', 'H', 'M', 'R', …) so that a new
/// message (or an abort) forgets those of the last one while the connection's stay.
/// </summary>
internal sealed class MilterMacros
{
    private static readonly byte[] MessageStages = "MRTLNBE"u8.ToArray();
    /// <summary>The stages in the order of a session, latest first: a value sent again later wins.</summary>
    private static readonly byte[] LatestFirst = "EBNLTRMHC"u8.ToArray();
    private readonly Dictionary<byte, Dictionary<string, string>> _byStage = [];

    public void Define(byte stage, IEnumerable<(string Name, string Value)> macros)
    {
        if (!_byStage.TryGetValue(stage, out var values)) _byStage[stage] = values = new(StringComparer.Ordinal);
        foreach (var (name, value) in macros) values[Normalize(name)] = value;
    }

    /// <summary>A macro's value ("i", "{auth_authen}" or "auth_authen"), or null when the MTA did not send it.</summary>
    public string? Get(string name)
    {
        name = Normalize(name);
        foreach (var stage in LatestFirst)
            if (_byStage.TryGetValue(stage, out var values) && values.TryGetValue(name, out var value)) return value;
        foreach (var values in _byStage.Values)
            if (values.TryGetValue(name, out var value)) return value;
        return null;
    }

    public void ForgetMessage()
    {
        foreach (var stage in MessageStages) _byStage.Remove(stage);
    }

    /// <summary>Forgets every stage's macros but those of <paramref name="kept"/> (null: all of them).</summary>
    public void ForgetAllBut(byte? kept)
    {
        foreach (var stage in _byStage.Keys.Where(s => s != kept).ToList()) _byStage.Remove(stage);
    }

    /// <summary>Sendmail writes long macro names in braces, "{auth_authen}"; one-letter ones bare, "i".</summary>
    private static string Normalize(string name) => name.Length > 2 && name[0] == '{' && name[^1] == '}' ? name[1..^1] : name;
}
