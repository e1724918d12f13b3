using System.Globalization;
using Mizugiwa.Configuration;
using Mizugiwa.Content.Fingerprints;
using Mizugiwa.Core.State;

namespace Mizugiwa.Cli;

/// <summary><c>mizugiwa fingerprint add|list|remove|match</c>: fingerprints of known spam in the state store.</summary>
internal static class FingerprintCommand
{
    public const string Usage = """
        usage: mizugiwa fingerprint add FILE...
               mizugiwa fingerprint list
               mizugiwa fingerprint remove ID...
               mizugiwa fingerprint match FILE...
          add marks messages (.eml, or one message in mbox form) as known spam: every part gets an exact
          fingerprint, every text part of at least 20 words a fuzzy one. Adding a message again refreshes
          its fingerprints. match shows which fingerprints a message would meet. The fingerprints live in
          the configured state store (embedded: the data directory's state.db; Redis: shared by every node).
        """;

    public static Task<int> RunAsync(string[] args, MizugiwaOptions options, Func<MizugiwaOptions, IStateStore> openStore, FingerprintOptions fingerprints) =>
        CommandRunner.RunAsync(Usage, args, new Dictionary<string, Func<string[], Task>>
        {
            ["add"] = rest =>
            {
                var files = CommandArguments.Parse(rest, 1, int.MaxValue).Values;
                var messages = files.Select(file => (file, message: ReadFile(file))).ToList();
                return WithDatabaseAsync(options, openStore, fingerprints, async database =>
                {
                    foreach (var (file, message) in messages)
                    {
                        var result = await database.AddAsync(message, Path.GetFileName(file), CancellationToken.None);
                        Console.WriteLine($"{file}: {result.Stored.Count} fingerprint(s)");
                        foreach (var stored in result.Stored)
                            Console.WriteLine($"  added {stored.Id} {Kind(stored.Kind),-5} {stored.Part} ({stored.Detail})");
                        foreach (var skipped in result.Skipped)
                            Console.WriteLine($"  no {Kind(skipped.Kind)} fingerprint for {skipped.Part}: {skipped.Reason}");
                    }
                });
            },
            ["list"] = rest =>
            {
                CommandArguments.Parse(rest, 0, 0);
                return WithDatabaseAsync(options, openStore, fingerprints, async database =>
                {
                    var entries = await database.ListAsync(CancellationToken.None);
                    if (entries.Count == 0)
                    {
                        Console.WriteLine("no fingerprints");
                        return;
                    }
                    Console.WriteLine($"{"ID",-16} {"KIND",-5} {"ADDED (UTC)",-16} {"EXPIRES (UTC)",-16} {"PART",-24} SOURCE / SUBJECT");
                    foreach (var e in entries)
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{e.Id,-16} {Kind(e.Kind),-5} {e.Added.UtcDateTime,-16:yyyy-MM-dd HH:mm} {e.ExpiresAt.UtcDateTime,-16:yyyy-MM-dd HH:mm} {Shorten(e.Part, 24),-24} {e.Source} / {Shorten(e.Subject ?? "", 60)}"));
                });
            },
            ["remove"] = rest =>
            {
                var ids = CommandArguments.Parse(rest, 1, int.MaxValue).Values.Select(id => id.ToLowerInvariant()).ToList();
                var malformed = ids.FirstOrDefault(id => !FingerprintDatabase.IsId(id));
                if (malformed is not null) throw new UsageException($"'{malformed}' is not a fingerprint id (16 hex digits, as 'fingerprint list' shows)");
                return WithDatabaseAsync(options, openStore, fingerprints, async database =>
                {
                    var missing = new List<string>();
                    foreach (var id in ids)
                    {
                        if (await database.RemoveAsync(id, CancellationToken.None)) Console.WriteLine($"removed {id}");
                        else missing.Add(id);
                    }
                    if (missing.Count > 0) throw new InputException($"no fingerprint {string.Join(", ", missing)}");
                });
            },
            ["match"] = rest =>
            {
                var files = CommandArguments.Parse(rest, 1, int.MaxValue).Values;
                var messages = files.Select(file => (file, message: ReadFile(file))).ToList();
                return WithDatabaseAsync(options, openStore, fingerprints, async database =>
                {
                    foreach (var (file, message) in messages)
                    {
                        var matches = await database.MatchAsync(message, CancellationToken.None);
                        Console.WriteLine(matches.Count == 0 ? $"{file}: no match" : $"{file}: {matches.Count} match(es)");
                        foreach (var m in matches)
                            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {m.Id} {Kind(m.Kind),-5} {m.Part} similarity={m.Similarity:0.00}"));
                    }
                });
            },
        });

    private static Task WithDatabaseAsync(MizugiwaOptions options, Func<MizugiwaOptions, IStateStore> openStore, FingerprintOptions fingerprints, Func<FingerprintDatabase, Task> action) =>
        BlocksCommand.WithStoreAsync(options, openStore, store => action(new FingerprintDatabase(store, fingerprints, TimeProvider.System)));

    private static Content.ContentMessage ReadFile(string file) => MessageFile.Read(InputFile.ReadAllBytes(file));

    private static string Kind(FingerprintKind kind) => kind == FingerprintKind.Exact ? "exact" : "fuzzy";

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
