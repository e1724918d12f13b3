namespace Mizugiwa.Storage.Import;

/// <summary>
/// Imports accounts from CSV into the directory: <see cref="PlanAsync"/> parses and checks every line
/// (a dry run stops there); <see cref="ApplyAsync"/> hashes the plain passwords in parallel, then adds
/// every account in one transaction, so an import is applied completely or not at all. <see cref="RunAsync"/>
/// does both as the CLI, the web form and the API want it.
/// </summary>
public sealed class AccountImporter(SqlDirectory directory)
{
    /// <summary>
    /// Checks <paramref name="csv"/> and, unless it has a bad line or <paramref name="dryRun"/> is set, adds
    /// its accounts (<paramref name="progress"/> as for <see cref="ApplyAsync"/>). The directory's refusal
    /// to add them ends up in the outcome, not as an exception.
    /// </summary>
    public async Task<AccountImportOutcome> RunAsync(byte[] csv, bool dryRun, Action<int, int>? progress, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(csv, cancellationToken);
        if (!plan.IsValid) return new AccountImportOutcome(AccountImportStatus.Invalid, plan);
        if (dryRun) return new AccountImportOutcome(AccountImportStatus.Checked, plan);
        try
        {
            return new AccountImportOutcome(AccountImportStatus.Applied, plan, await ApplyAsync(plan, progress, cancellationToken));
        }
        catch (DirectoryException e)
        {
            return new AccountImportOutcome(AccountImportStatus.Refused, plan, Failure: e.Message);
        }
    }

    /// <summary>Parses and checks <paramref name="csv"/> (UTF-8) against the directory as it is now; a file that is no CSV gives a plan with that one error.</summary>
    public async Task<AccountImportPlan> PlanAsync(byte[] csv, CancellationToken cancellationToken)
    {
        IReadOnlyList<CsvRecord> records;
        try
        {
            records = CsvParser.Parse(csv);
        }
        catch (CsvFormatException e)
        {
            return new AccountImportPlan([new AccountImportLine(e.Line, e.Problem, true)], []);
        }
        return AccountImportValidator.Validate(records, await directory.GetImportTargetsAsync(cancellationToken));
    }

    /// <summary>
    /// Adds the accounts of a valid plan; <paramref name="progress"/> hears (done, total) as passwords are
    /// hashed, one call at a time. Returns how many accounts were added.
    /// </summary>
    public async Task<int> ApplyAsync(AccountImportPlan plan, Action<int, int>? progress, CancellationToken cancellationToken)
    {
        if (!plan.IsValid) throw new InvalidOperationException("an import plan with errors cannot be applied");
        var accounts = new NewAccount[plan.Accounts.Count];
        int done = 0;
        var gate = new Lock();
        await Parallel.ForAsync(0, accounts.Length, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, (i, _) =>
        {
            accounts[i] = Prepare(plan.Accounts[i]);
            lock (gate) progress?.Invoke(++done, accounts.Length);
            return ValueTask.CompletedTask;
        });
        await directory.AddAccountsAsync(accounts, cancellationToken);
        return accounts.Length;
    }

    private static NewAccount Prepare(ImportedAccount account)
    {
        if (account.Password is not { } password)
            return new NewAccount(account.Address, account.PasswordHash!, null, account.DisplayName, account.Forward, account.FilterMode);
        var credentials = PasswordCredentials.Create(password);
        return new NewAccount(account.Address, credentials.PasswordHash, credentials.ScramSha256, account.DisplayName, account.Forward, account.FilterMode);
    }
}
