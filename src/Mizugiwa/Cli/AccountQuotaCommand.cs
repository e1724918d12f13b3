using Mizugiwa.Configuration;
using Mizugiwa.Storage;

namespace Mizugiwa.Cli;

/// <summary><c>mizugiwa account quota ADDRESS [SIZE|none]</c>: shows or sets an account's mailbox quota.</summary>
internal static class AccountQuotaCommand
{
    public static async Task RunAsync(string[] rest, MizugiwaOptions options)
    {
        var a = CommandArguments.Parse(rest, 1, 2);
        var address = a.Values[0];
        var directory = CommandRunner.OpenDirectory(options);
        if (a.Optional(1) is not { } text)
        {
            if (await directory.GetPasswordHashAsync(address, CancellationToken.None) is null) throw new DirectoryException($"account {address} does not exist");
            var own = await directory.GetQuotaAsync(address, CancellationToken.None);
            Console.WriteLine(own is { } bytes ? $"{address} {QuotaSize.Format(bytes)}"
                : options.Directory.DefaultQuota is { } fallback ? $"{address} {fallback} (the default)" : $"{address} none");
            return;
        }
        long? quota = text.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : QuotaSize.Parse(text);
        await directory.SetQuotaAsync(address, quota, CancellationToken.None);
        Console.WriteLine(quota is { } set ? $"quota of {address} is now {QuotaSize.Format(set)}" : $"{address} has no quota of its own now");
    }
}
