using System.Net;
using Mizugiwa.Policy.Access;
using Mizugiwa.Policy.Greylist;

namespace Mizugiwa.Web.Admin;

/// <summary>What the greylist page and API do: list triplets, let one through now, whitelist its client.</summary>
internal sealed class GreylistAdmin(IGreylistStore store, IAccessRuleStore access, TimeProvider time)
{
    public Task<GreylistPage> ListAsync(GreylistQuery query, CancellationToken cancellationToken) =>
        store is IGreylistBrowser browser
            ? browser.ListAsync(query, cancellationToken)
            : throw new InvalidOperationException("this greylist store cannot list its entries");

    /// <summary>Marks the triplet passed; a message naming the problem when there is none.</summary>
    public async Task<string?> ReleaseAsync(GreylistKey key, CancellationToken cancellationToken) =>
        await GreylistRelease.ReleaseAsync(store, key, time, cancellationToken) ? null : $"no greylist entry for {key}";

    /// <summary>
    /// The access-list allow entry for a greylist client: its network (client) or its pool domain
    /// (client name), so every later message from it skips the spam checks, greylisting included.
    /// </summary>
    public static AccessRule WhitelistRule(string client)
    {
        var kind = IPNetwork.TryParse(client, out _) || IPAddress.TryParse(client, out _) ? AccessKind.Client : AccessKind.ClientName;
        return new AccessRule(kind, client, AccessAction.Allow, "whitelisted from the greylist page");
    }

    /// <summary>Adds the allow entry; a message naming the problem when the client is not an address, network or domain.</summary>
    public async Task<string?> WhitelistAsync(string client, CancellationToken cancellationToken)
    {
        var rule = WhitelistRule(client.Trim());
        if (AccessRule.Validate(rule.Kind, rule.Pattern) is { } problem) return problem;
        await access.AddAsync(rule, cancellationToken);
        return null;
    }
}
