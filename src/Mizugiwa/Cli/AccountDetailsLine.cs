using Mizugiwa.Core;
using Mizugiwa.Storage;
using Mizugiwa.Storage.Passwords;

namespace Mizugiwa.Cli;

/// <summary>One line of <c>account list --details</c>: the address, then tab-separated key=value fields.</summary>
internal static class AccountDetailsLine
{
    public static string Format(AccountDetails account) => string.Join('\t',
        account.Address,
        $"name={account.DisplayName ?? "-"}",
        $"forward={(account.Forward.Count == 0 ? "-" : string.Join(",", account.Forward))}",
        $"filter={FilterModes.Name(account.FilterMode)}",
        $"password={(account.Scheme is { } scheme ? StoredPasswordHash.Name(scheme) : "unknown")}",
        $"scram={(account.HasScram ? "yes" : "no")}",
        $"disabled={(account.Disabled ? "yes" : "no")}",
        $"quota={(account.QuotaBytes is { } quota ? QuotaSize.Format(quota) : "-")}");
}
