using System.Globalization;
using Mizugiwa.Configuration;
using Mizugiwa.Core;
using Mizugiwa.Storage;

namespace Mizugiwa.Cli;

/// <summary><c>mizugiwa log search|story</c>: the transaction log (every SMTP decision and delivery attempt), of this node or, with Log:Backend Postgres, of all nodes.</summary>
internal static class LogCommand
{
    public const string Usage = """
        usage: mizugiwa log search [--ip ADDRESS] [--from SENDER] [--to RECIPIENT] [--queue ID] [--check NAME]
                                   [--outcome accepted|deferred|rejected] [--stage STAGE]
                                   [--since TIME] [--until TIME] [--limit N]
               mizugiwa log story QUEUE-ID     the message's SMTP session and every delivery attempt
          TIME is ISO 8601 (2026-12-04T10:00Z) or a duration back from now (30m, 2h, 7d); newest rows first.
        """;

    public static Task<int> RunAsync(string[] args, MizugiwaOptions options, TimeProvider time) =>
        CommandRunner.RunAsync(Usage, args, new Dictionary<string, Func<string[], Task>>
        {
            ["search"] = async rest =>
            {
                var rows = await Hosting.PolicyServices.TransactionLogReader(options).SearchAsync(ParseQuery(rest, time.GetUtcNow()), CancellationToken.None);
                foreach (var row in rows) Console.WriteLine(Format(row));
                if (rows.Count == 0) Console.Error.WriteLine("no matching entries");
            },
            ["story"] = async rest =>
            {
                var queueId = CommandArguments.Parse(rest, 1, 1).Values[0];
                var rows = await Hosting.PolicyServices.TransactionLogReader(options).StoryAsync(queueId, CancellationToken.None);
                if (rows.Count == 0) throw new InputException($"no entries for queue id {queueId}");
                foreach (var row in rows) Console.WriteLine(Format(row));
            },
        });

    private static string Format(DecisionRecord r)
    {
        var who = r.Stage == "DELIVERY" ? $"to=<{r.Recipient}> via={r.Check} status={r.Rule}" :
            $"client={r.ClientAddress}{(r.ClientName is { } name ? $" ({name})" : "")} helo={r.Helo} from=<{r.Sender}> to=<{r.Recipient}>" +
            (r.Check is { Length: > 0 } check ? $" check={check}" : "") + (r.Rule is { Length: > 0 } rule ? $" rule={rule}" : "");
        return $"{r.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} {r.SessionId} {r.Stage,-8} {who} queue={r.QueueId} reply=\"{r.Reply}\"{(r.Node is { } node ? $" node={node}" : "")}";
    }

    private static DecisionLogQuery ParseQuery(string[] args, DateTimeOffset now)
    {
        var query = new DecisionLogQuery();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            query = args[i] switch
            {
                "--ip" => query with { ClientAddress = Value() },
                "--from" => query with { Sender = Value().Trim('<', '>') },
                "--to" => query with { Recipient = Value().Trim('<', '>') },
                "--queue" => query with { QueueId = Value() },
                "--check" => query with { Check = Value() },
                "--stage" => query with { Stage = Value() },
                "--outcome" => query with { Outcome = Outcome(Value()) },
                "--since" => query with { Since = Time(Value(), now) },
                "--until" => query with { Until = Time(Value(), now) },
                "--limit" => query with { Limit = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 100_000 ? n : throw new UsageException($"--limit '{args[i]}' must be a number within 1..100000") },
                _ => throw new UsageException($"unknown option '{args[i]}'"),
            };
        }
        return query;
    }

    private static string Outcome(string text) =>
        DecisionLogQuery.Outcomes.Contains(text.ToLowerInvariant()) ? text.ToLowerInvariant() : throw new UsageException($"--outcome '{text}' must be accepted, deferred or rejected");

    private static DateTimeOffset Time(string text, DateTimeOffset now)
    {
        if (text.Length >= 2 && char.IsAsciiDigit(text[0]) && "mhd".Contains(text[^1], StringComparison.Ordinal)
            && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            return now - (text[^1] switch { 'm' => TimeSpan.FromMinutes(amount), 'h' => TimeSpan.FromHours(amount), _ => TimeSpan.FromDays(amount) });
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time;
        throw new UsageException($"'{text}' is neither an ISO 8601 time nor a duration like 30m, 2h or 7d");
    }
}
