using Mizugiwa.Configuration;
using Mizugiwa.Storage.Import;

namespace Mizugiwa.Cli;

/// <summary>
/// <c>mizugiwa account import FILE.csv [--dry-run]</c>: every line is checked first; with --dry-run each
/// line's outcome is printed and nothing changes; otherwise any bad line stops the whole import (exit 65)
/// and a good file is added in one transaction.
/// </summary>
internal static class AccountImportCommand
{
    public const string DryRun = "--dry-run";

    public static async Task RunAsync(string[] args, MizugiwaOptions options)
    {
        var a = CommandArguments.Parse(args, 1, 1, DryRun);
        var path = a.Values[0];
        var importer = new AccountImporter(CommandRunner.OpenDirectory(options));
        var progress = new ImportProgress(Console.Error, terminal: !Console.IsErrorRedirected);
        var outcome = await importer.RunAsync(await InputFile.ReadAllBytesAsync(path), a.Has(DryRun), progress.Report, CancellationToken.None);
        progress.Finish();
        var plan = outcome.Plan;
        if (outcome.Failure is { } failure) throw new InputException(failure);
        if (a.Has(DryRun))
        {
            foreach (var line in plan.Lines) Console.WriteLine(line);
            Console.WriteLine($"dry run: {plan.Summary}; nothing was changed");
            if (!plan.IsValid) throw new InputException($"{plan.ErrorCount} bad line(s) in {path}");
            return;
        }
        if (!plan.IsValid)
        {
            foreach (var line in plan.Errors) await Console.Error.WriteLineAsync(line.ToString());
            throw new InputException($"{plan.ErrorCount} bad line(s) in {path}; nothing was imported");
        }
        Console.WriteLine($"imported {outcome.Added} account(s) from {path}");
    }

}
