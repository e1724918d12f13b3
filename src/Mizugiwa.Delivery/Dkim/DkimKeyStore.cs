namespace Mizugiwa.Delivery.Dkim;

/// <summary>
/// DKIM keys on disk: <c>ROOT/DOMAIN/SELECTOR.key</c> (PEM, mode 0600, directories 0700) and
/// <c>ROOT/active.json</c> naming the selector that signs, per domain and key type. ROOT is
/// <c>DataDirectory/dkim</c>. A domain signs with at most one RSA and one Ed25519 key at a time.
/// </summary>
public sealed class DkimKeyStore(string root)
{
    private const string KeyExtension = ".key";
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = PrivateFile | UnixFileMode.UserExecute;

    public static DkimKeyStore ForDataDirectory(string dataDirectory) => new(Path.Combine(dataDirectory, "dkim"));

    public string Root { get; } = root;

    public string IndexPath => Path.Combine(Root, "active.json");

    public string KeyPath(string domain, string selector) => Path.Combine(Root, domain, selector + KeyExtension);

    /// <summary>
    /// Makes a new key. It becomes active at once when the domain has no active key of that type;
    /// otherwise (a rotation) it waits for <see cref="Activate"/>, so that its record can be published first.
    /// </summary>
    public DkimKeyInfo Generate(string domain, string selector, DkimAlgorithm algorithm)
    {
        domain = DkimNames.NormalizeDomain(domain);
        selector = DkimNames.NormalizeSelector(selector);
        var path = KeyPath(domain, selector);
        if (File.Exists(path)) throw new DkimKeyException($"selector {selector} already exists for {domain} ({path})");
        var pem = DkimKeyGenerator.GeneratePem(algorithm);
        CreatePrivateDirectory(Root);
        CreatePrivateDirectory(Path.Combine(Root, domain));
        WriteNewPrivateFile(path, pem);

        var index = DkimActiveIndex.Read(IndexPath);
        var active = index.TryGetValue(domain, out var existing) ? existing : index[domain] = new DkimActiveSelectors();
        var activate = active.Get(algorithm) is null;
        if (activate)
        {
            active.Set(algorithm, selector);
            DkimActiveIndex.Write(IndexPath, index);
        }
        return new DkimKeyInfo(domain, selector, path, activate, DkimPrivateKey.FromPem(pem), null);
    }

    /// <summary>Makes <paramref name="selector"/> the signing key of its type for <paramref name="domain"/>.</summary>
    public DkimKeyInfo Activate(string domain, string selector)
    {
        var key = Find(domain, selector);
        if (key.Key is null) throw new DkimKeyException($"cannot use {key.Path}: {key.Problem}");
        var index = DkimActiveIndex.Read(IndexPath);
        if (!index.TryGetValue(key.Domain, out var active)) index[key.Domain] = active = new DkimActiveSelectors();
        active.Set(key.Key.Algorithm, key.Selector);
        DkimActiveIndex.Write(IndexPath, index);
        return key with { Active = true };
    }

    /// <summary>Deletes a key file; when it was the active key of its type, the domain no longer signs with that type.</summary>
    public DkimKeyInfo Remove(string domain, string selector)
    {
        var key = Find(domain, selector);
        var index = DkimActiveIndex.Read(IndexPath);
        if (index.TryGetValue(key.Domain, out var active))
        {
            foreach (var algorithm in Enum.GetValues<DkimAlgorithm>())
                if (active.Get(algorithm) == key.Selector) active.Set(algorithm, null);
            DkimActiveIndex.Write(IndexPath, index);
        }
        File.Delete(key.Path);
        var directory = Path.Combine(Root, key.Domain);
        if (!Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
        return key;
    }

    /// <summary>All keys, or those of one domain (which must have at least one), sorted by domain and selector.</summary>
    public IReadOnlyList<DkimKeyInfo> List(string? domain = null)
    {
        var index = DkimActiveIndex.Read(IndexPath);
        IEnumerable<string> domains;
        if (domain is null) domains = Directory.Exists(Root) ? Directory.EnumerateDirectories(Root).Select(d => Path.GetFileName(d)!) : [];
        else domains = [DkimNames.NormalizeDomain(domain)];
        var keys = domains.Order(StringComparer.Ordinal).SelectMany(d => ListDomain(d, index)).ToList();
        if (domain is not null && keys.Count == 0) throw new DkimKeyException($"no DKIM keys for {DkimNames.NormalizeDomain(domain)}");
        return keys;
    }

    /// <summary>The active keys per domain as the index names them (files are not read here).</summary>
    public IReadOnlyList<(string Domain, string Selector, DkimAlgorithm Algorithm, string Path)> ActiveKeyFiles()
    {
        var active = new List<(string, string, DkimAlgorithm, string)>();
        foreach (var (domain, selectors) in DkimActiveIndex.Read(IndexPath))
            foreach (var algorithm in Enum.GetValues<DkimAlgorithm>())
                if (selectors.Get(algorithm) is { } selector) active.Add((domain, selector, algorithm, KeyPath(domain, selector)));
        return active;
    }

    private DkimKeyInfo Find(string domain, string selector)
    {
        domain = DkimNames.NormalizeDomain(domain);
        selector = DkimNames.NormalizeSelector(selector);
        var keys = List(domain);
        return keys.FirstOrDefault(k => k.Selector == selector)
            ?? throw new DkimKeyException($"{domain} has no selector {selector} (it has: {string.Join(", ", keys.Select(k => k.Selector))})");
    }

    private IEnumerable<DkimKeyInfo> ListDomain(string domain, Dictionary<string, DkimActiveSelectors> index)
    {
        var directory = Path.Combine(Root, domain);
        if (!Directory.Exists(directory)) yield break;
        index.TryGetValue(domain, out var active);
        foreach (var path in Directory.EnumerateFiles(directory, "*" + KeyExtension).Order(StringComparer.Ordinal))
        {
            var selector = Path.GetFileNameWithoutExtension(path);
            DkimPrivateKey? key = null;
            string? problem = null;
            try { key = DkimPrivateKey.FromFile(path); }
            catch (Exception e) when (e is DkimKeyException or IOException or UnauthorizedAccessException) { problem = e.Message; }
            var isActive = key is not null && active?.Get(key.Algorithm) == selector;
            yield return new DkimKeyInfo(domain, selector, path, isActive, key, problem);
        }
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, PrivateDirectory);
    }

    private static void WriteNewPrivateFile(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateFile;
        try
        {
            using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
            writer.Write(text);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new DkimKeyException($"{path} already exists");
        }
    }
}
