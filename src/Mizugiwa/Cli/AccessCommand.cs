using Mizugiwa.Configuration;
using Mizugiwa.Hosting;
using Mizugiwa.Policy.Access;

namespace Mizugiwa.Cli;

/// <summary><c>mizugiwa access add|list|remove</c>: allow and deny lists.</summary>
internal static class AccessCommand
{
    public const string Usage = """
        usage: mizugiwa access add client|clientname|sender|recipient PATTERN allow|deny [NOTE]
               mizugiwa access list
               mizugiwa access remove client|clientname|sender|recipient PATTERN
          client: an IP address or CIDR network; clientname: a domain (the client's PTR and below);
          sender, recipient: an address or a domain. "allow" exempts from the spam checks.
        """;

    public static Task<int> RunAsync(string[] args, MizugiwaOptions options) =>
        CommandRunner.RunAsync(Usage, args, new Dictionary<string, Func<string[], Task>>
        {
            ["add"] = async rest =>
            {
                var a = CommandArguments.Parse(rest, 3, 4);
                var kind = ParseKind(a.Values[0]);
                if (!AccessNames.TryParseAction(a.Values[2], out var action)) throw new UsageException($"'{a.Values[2].ToLowerInvariant()}' is neither allow nor deny");
                if (AccessRule.Validate(kind, a.Values[1]) is { } problem) throw new InputException(problem);
                await Open(options).AddAsync(new AccessRule(kind, a.Values[1], action, a.Optional(3)), CancellationToken.None);
                Console.WriteLine($"{a.Values[2].ToLowerInvariant()} {a.Values[0].ToLowerInvariant()} {a.Values[1]}");
            },
            ["list"] = async rest =>
            {
                CommandArguments.Parse(rest, 0, 0);
                foreach (var rule in await Open(options).ListAsync(CancellationToken.None))
                    Console.WriteLine($"{rule.Kind.ToString().ToLowerInvariant(),-10} {rule.Pattern,-40} {rule.Action.ToString().ToLowerInvariant(),-5} {rule.Note}");
            },
            ["remove"] = async rest =>
            {
                var a = CommandArguments.Parse(rest, 2, 2);
                if (!await Open(options).RemoveAsync(ParseKind(a.Values[0]), a.Values[1], CancellationToken.None))
                    throw new InputException($"no {a.Values[0].ToLowerInvariant()} entry for {a.Values[1]}");
                Console.WriteLine($"removed {a.Values[0].ToLowerInvariant()} {a.Values[1]}");
            },
        });

    private static IAccessRuleStore Open(MizugiwaOptions options) => AccessStoreFactory.Open(options);

    private static AccessKind ParseKind(string text) =>
        AccessNames.TryParseKind(text, out var kind) ? kind : throw new UsageException($"'{text}' is not one of client, clientname, sender, recipient");
}
