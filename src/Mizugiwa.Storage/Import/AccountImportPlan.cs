namespace Mizugiwa.Storage.Import;

/// <summary>A validated import: one entry per line of the file (in order) and the accounts to add when no line is bad.</summary>
public sealed class AccountImportPlan(IReadOnlyList<AccountImportLine> lines, IReadOnlyList<ImportedAccount> accounts)
{
    public IReadOnlyList<AccountImportLine> Lines { get; } = lines;

    public IReadOnlyList<ImportedAccount> Accounts { get; } = accounts;

    public IEnumerable<AccountImportLine> Errors => Lines.Where(l => l.IsError);

    public int ErrorCount => Lines.Count(l => l.IsError);

    /// <summary>True when every line is good: only then may the plan be applied.</summary>
    public bool IsValid => ErrorCount == 0;

    public string Summary => IsValid
        ? $"{Accounts.Count} account(s) to add, no errors"
        : $"{Accounts.Count} good line(s), {ErrorCount} bad line(s): nothing can be imported";
}
