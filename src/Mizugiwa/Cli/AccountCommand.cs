using Mizugiwa.Configuration;
using Mizugiwa.Core;
using Mizugiwa.Storage;

namespace Mizugiwa.Cli;

/// <summary><c>mizugiwa account add|list|remove|passwd|filter|disable|enable|quota|import</c>.</summary>
internal static class AccountCommand
{
    public const string Usage = """
        usage: mizugiwa account add ADDRESS [--password-stdin]
               mizugiwa account list [DOMAIN] [--details]
                 --details: also name, forward addresses, filter mode, password hash scheme, SCRAM,
                 disabled, quota
               mizugiwa account remove ADDRESS
               mizugiwa account passwd ADDRESS [--password-stdin]
               mizugiwa account filter ADDRESS [off|label|quarantine|reject]
                 spam filter mode: label (the default) adds X-Spam headers; quarantine also puts
                 spam in the Junk folder; reject refuses spam sent only to users who chose reject
               mizugiwa account disable ADDRESS
               mizugiwa account enable ADDRESS
                 a disabled account keeps its mail but takes none (550 5.2.1) and cannot log in
               mizugiwa account quota ADDRESS [SIZE|none]
                 mailbox quota: bytes or K, M, G, T (e.g. 500M, 2G); none = Directory:DefaultQuota
               mizugiwa account forward ADDRESS [TARGET...] [--keep-copy|--no-keep-copy]
                 forward the account's mail to up to 10 addresses (none: forwarding off);
                 --no-keep-copy: the mailbox keeps no copy of what it forwards
               mizugiwa account import FILE.csv [--dry-run]
                 columns: address, password or password_hash, display_name, forward, filter_mode;
                 any bad line and nothing is imported (see docs/ACCOUNTS-IMPORT.md)
        """;

    private const string PasswordStdin = "--password-stdin";
    private const string Details = "--details";

    public static Task<int> RunAsync(string[] args, MizugiwaOptions options) =>
        CommandRunner.RunAsync(Usage, args, new Dictionary<string, Func<string[], Task>>
        {
            ["add"] = async rest =>
            {
                var a = CommandArguments.Parse(rest, 1, 1, PasswordStdin);
                var credentials = PasswordCredentials.Create(PasswordReader.Read(a.Has(PasswordStdin)));
                await CommandRunner.OpenDirectory(options).AddAccountAsync(a.Values[0], credentials, CancellationToken.None);
                Console.WriteLine($"added account {a.Values[0]}");
            },
            ["list"] = async rest =>
            {
                var a = CommandArguments.Parse(rest, 0, 1, Details);
                var directory = CommandRunner.OpenDirectory(options);
                if (a.Has(Details))
                {
                    foreach (var account in await directory.ListAccountDetailsAsync(a.Optional(0), CancellationToken.None))
                        Console.WriteLine(AccountDetailsLine.Format(account));
                    return;
                }
                foreach (var account in await directory.ListAccountsAsync(a.Optional(0), CancellationToken.None))
                    Console.WriteLine(account);
            },
            ["remove"] = async rest =>
            {
                var address = CommandArguments.Parse(rest, 1, 1).Values[0];
                await CommandRunner.OpenDirectory(options).RemoveAccountAsync(address, CancellationToken.None);
                Console.WriteLine($"removed account {address}");
            },
            ["passwd"] = async rest =>
            {
                var a = CommandArguments.Parse(rest, 1, 1, PasswordStdin);
                var credentials = PasswordCredentials.Create(PasswordReader.Read(a.Has(PasswordStdin)));
                await CommandRunner.OpenDirectory(options).SetPasswordAsync(a.Values[0], credentials, CancellationToken.None);
                Console.WriteLine($"changed password of {a.Values[0]}");
            },
            ["filter"] = async rest =>
            {
                var a = CommandArguments.Parse(rest, 1, 2);
                var directory = CommandRunner.OpenDirectory(options);
                var address = a.Values[0];
                if (a.Optional(1) is not { } text)
                {
                    if (await directory.GetPasswordHashAsync(address, CancellationToken.None) is null) throw new DirectoryException($"account {address} does not exist");
                    Console.WriteLine($"{address} {FilterModes.Name(await directory.GetFilterModeAsync(address, CancellationToken.None))}");
                    return;
                }
                if (!FilterModes.TryParse(text, out var mode)) throw new UsageException($"'{text}' is not a filter mode (off, label, quarantine or reject)");
                await directory.SetFilterModeAsync(address, mode, CancellationToken.None);
                Console.WriteLine($"filter mode of {address} is now {FilterModes.Name(mode)}");
            },
            ["disable"] = rest => SetDisabledAsync(rest, options, true),
            ["enable"] = rest => SetDisabledAsync(rest, options, false),
            ["quota"] = rest => AccountQuotaCommand.RunAsync(rest, options),
            ["import"] = rest => AccountImportCommand.RunAsync(rest, options),
            ["forward"] = rest => AccountForwardCommand.RunAsync(rest, options),
        });

    private static async Task SetDisabledAsync(string[] rest, MizugiwaOptions options, bool disabled)
    {
        var address = CommandArguments.Parse(rest, 1, 1).Values[0];
        await CommandRunner.OpenDirectory(options).SetDisabledAsync(address, disabled, CancellationToken.None);
        Console.WriteLine(disabled ? $"disabled account {address}" : $"enabled account {address}");
    }
}
