namespace Mizugiwa.Policy.Dns;

/// <summary>What a cache entry answers: a record type ("A", "AAAA", "PTR", "TXT", "MX") and a name.</summary>
public readonly record struct DnsCacheKey
{
    public DnsCacheKey(string type, string name)
    {
        Type = type;
        Name = DnsName.Normalize(name);
    }

    public string Type { get; }
    public string Name { get; }

    public override string ToString() => $"{Type} {Name}";
}
