namespace Mizugiwa.Storage.Import;

/// <summary>The header row of an account import: which field holds which column (any case; -1 when absent).</summary>
public sealed class AccountImportColumns
{
    public const string Address = "address", Password = "password", PasswordHash = "password_hash",
        DisplayName = "display_name", Forward = "forward", FilterMode = "filter_mode";

    private static readonly string[] Known = [Address, Password, PasswordHash, DisplayName, Forward, FilterMode];

    private readonly Dictionary<string, int> _index;

    private AccountImportColumns(Dictionary<string, int> index, int count) => (_index, Count) = (index, count);

    /// <summary>How many fields each record must have.</summary>
    public int Count { get; }

    /// <summary>The field of <paramref name="column"/> in <paramref name="record"/>, trimmed unless <paramref name="trim"/> is false; null when the column is absent or the field empty.</summary>
    public string? Get(CsvRecord record, string column, bool trim = true)
    {
        if (!_index.TryGetValue(column, out int i)) return null;
        var value = trim ? record.Fields[i].Trim() : record.Fields[i];
        return value.Length == 0 ? null : value;
    }

    /// <summary>Reads the header; problems (unknown, repeated or missing columns) are returned instead.</summary>
    public static AccountImportColumns? TryRead(CsvRecord header, out List<string> problems)
    {
        problems = [];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i].Trim().ToLowerInvariant();
            if (!Known.Contains(name)) problems.Add($"unknown column '{header.Fields[i]}' (known: {string.Join(", ", Known)})");
            else if (!index.TryAdd(name, i)) problems.Add($"column '{name}' appears twice");
        }
        if (!index.ContainsKey(Address)) problems.Add("the header has no 'address' column");
        if (!index.ContainsKey(Password) && !index.ContainsKey(PasswordHash)) problems.Add("the header has neither a 'password' nor a 'password_hash' column");
        return problems.Count == 0 ? new AccountImportColumns(index, header.Fields.Count) : null;
    }
}
