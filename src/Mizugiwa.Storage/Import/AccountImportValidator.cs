using Mizugiwa.Core;
using Mizugiwa.Storage.Passwords;

namespace Mizugiwa.Storage.Import;

/// <summary>
/// Checks every line of an account import and names each problem: bad or non-local address, an account or
/// alias that exists, an address repeated in the file, both or neither password columns, an unknown hash
/// form, a bad filter mode or forward address, a wrong number of fields.
/// </summary>
public static class AccountImportValidator
{
    private static readonly char[] ForwardSeparators = [',', ' ', '\t', ';'];

    public static AccountImportPlan Validate(IReadOnlyList<CsvRecord> records, ImportTargets targets)
    {
        if (records.Count == 0) return new AccountImportPlan([new AccountImportLine(1, "the file is empty (a header row is required)", true)], []);
        if (AccountImportColumns.TryRead(records[0], out var headerProblems) is not { } columns)
            return new AccountImportPlan([new AccountImportLine(records[0].Line, string.Join("; ", headerProblems), true)], []);

        var lines = new List<AccountImportLine>();
        var accounts = new List<ImportedAccount>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records.Skip(1))
        {
            var problems = new List<string>();
            var account = record.Fields.Count == columns.Count
                ? Check(record, columns, targets, seen, problems)
                : Fail<ImportedAccount>(problems, $"has {record.Fields.Count} field(s), the header has {columns.Count}");
            if (account is not null && problems.Count == 0)
            {
                accounts.Add(account);
                lines.Add(new AccountImportLine(record.Line, account.Describe(), false));
            }
            else
            {
                lines.Add(new AccountImportLine(record.Line, string.Join("; ", problems), true));
            }
        }
        return new AccountImportPlan(lines, accounts);
    }

    private static ImportedAccount? Check(CsvRecord record, AccountImportColumns columns, ImportTargets targets, Dictionary<string, int> seen, List<string> problems)
    {
        var address = CheckAddress(columns.Get(record, AccountImportColumns.Address), record.Line, targets, seen, problems);
        var password = columns.Get(record, AccountImportColumns.Password, trim: false);
        var hashText = columns.Get(record, AccountImportColumns.PasswordHash);
        string? hash = null;
        PasswordHashScheme? scheme = null;
        if (password is not null && hashText is not null) problems.Add("both password and password_hash are given (give exactly one)");
        else if (password is null && hashText is null) problems.Add("neither password nor password_hash is given");
        else if (password is not null && PasswordCredentials.IsBlank(password)) problems.Add("password is only spaces");
        else if (hashText is not null)
        {
            if (StoredPasswordHash.TryNormalize(hashText, out var stored, out var s)) (hash, scheme) = (stored, s);
            else problems.Add("password_hash is not a known form ({ARGON2ID}, {BLF-CRYPT} or {SHA512-CRYPT}, or the bare $argon2id$, $2a$/$2b$/$2y$ or $6$ string)");
        }

        var displayName = columns.Get(record, AccountImportColumns.DisplayName);
        if (displayName is not null && displayName.Any(char.IsControl)) problems.Add("display_name contains a control character (such as a newline)");

        FilterMode? mode = null;
        if (columns.Get(record, AccountImportColumns.FilterMode) is { } modeText)
        {
            if (FilterModes.TryParse(modeText, out var m)) mode = m;
            else problems.Add($"filter_mode '{modeText}' is not off, label, quarantine or reject");
        }

        var forward = CheckForward(columns.Get(record, AccountImportColumns.Forward), address, problems);
        return address is null ? null : new ImportedAccount(record.Line, address.Text, password, hash, scheme, displayName, forward, mode);
    }

    private static DirectoryAddress? CheckAddress(string? text, int line, ImportTargets targets, Dictionary<string, int> seen, List<string> problems)
    {
        if (text is null) return Fail<DirectoryAddress>(problems, "address is empty");
        if (DirectoryAddress.TryParse(text) is not { } a) return Fail<DirectoryAddress>(problems, $"'{text}' is not a valid address");
        if (!targets.LocalDomains.Contains(a.Domain)) return Fail<DirectoryAddress>(problems, $"domain {a.Domain} is not a local domain");
        if (targets.AccountKeys.Contains(a.Key)) return Fail<DirectoryAddress>(problems, $"account {a.Text} already exists");
        if (targets.AliasKeys.Contains(a.Key)) return Fail<DirectoryAddress>(problems, $"{a.Text} is already an alias");
        if (!seen.TryAdd(a.Key, line)) return Fail<DirectoryAddress>(problems, $"{a.Text} is already on line {seen[a.Key]}");
        return a;
    }

    private static List<string> CheckForward(string? text, DirectoryAddress? self, List<string> problems)
    {
        var forward = new List<string>();
        foreach (var part in (text ?? "").Split(ForwardSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (DirectoryAddress.TryParse(part) is not { } target) problems.Add($"forward address '{part}' is not a valid address");
            else if (target.Key == self?.Key) problems.Add($"{target.Text} cannot forward to itself");
            else if (!forward.Contains(target.Text, StringComparer.OrdinalIgnoreCase)) forward.Add(target.Text);
        }
        return forward;
    }

    private static T? Fail<T>(List<string> problems, string problem) where T : class
    {
        problems.Add(problem);
        return null;
    }
}
