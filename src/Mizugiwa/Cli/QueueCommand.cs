using System.Globalization;
using Mizugiwa.Configuration;
using Mizugiwa.Delivery.Admin;

namespace Mizugiwa.Cli;

/// <summary><c>mizugiwa queue list|show|flush|hold|release|delete</c>, working on the spool directory.</summary>
internal static class QueueCommand
{
    public const string Usage = """
        usage: mizugiwa queue list
               mizugiwa queue show ID
               mizugiwa queue flush
               mizugiwa queue hold ID
               mizugiwa queue release ID
               mizugiwa queue delete ID
          flush asks a running server to retry every deferred recipient now; it happens at the
          server's next queue scan (Queue:ScanSeconds). hold keeps a message from being tried until
          release; delete removes a message without any notice to its sender. A message is shown
          with the last result of each pending recipient as the server recorded it.
        """;

    public static Task<int> RunAsync(string[] args, MizugiwaOptions options)
    {
        var admin = new QueueAdmin(options.SpoolDirectory);
        return CommandRunner.RunAsync(Usage, args, new Dictionary<string, Func<string[], Task>>
        {
            ["list"] = rest =>
            {
                CommandArguments.Parse(rest, 0, 0);
                List(admin.List());
                return Task.CompletedTask;
            },
            ["show"] = rest =>
            {
                var id = CommandArguments.Parse(rest, 1, 1).Values[0];
                Show(admin.Show(id) ?? throw new InputException($"no queued message {id}"));
                return Task.CompletedTask;
            },
            ["flush"] = rest =>
            {
                CommandArguments.Parse(rest, 0, 0);
                admin.RequestFlush();
                Console.WriteLine($"flush requested: a running server retries every deferred recipient within {options.Queue.ScanSeconds}s");
                return Task.CompletedTask;
            },
            ["hold"] = rest => Act(rest, admin.Hold, "held", "no queued message"),
            ["release"] = rest => Act(rest, admin.Release, "released", "no held message"),
            ["delete"] = rest => Act(rest, admin.Delete, "deleted", "no queued message"),
        });
    }

    private static Task Act(string[] rest, Func<string, bool> action, string done, string missing)
    {
        var id = CommandArguments.Parse(rest, 1, 1).Values[0];
        if (!action(id)) throw new InputException($"{missing} {id}");
        Console.WriteLine($"{done} {id}");
        return Task.CompletedTask;
    }

    private static void List(IReadOnlyList<QueueEntry> entries)
    {
        if (entries.Count == 0)
        {
            Console.WriteLine("queue is empty");
            return;
        }
        Console.WriteLine($"{"ID",-16} {"ARRIVED (UTC)",-19} {"SIZE",8} {"RCPT",-7} {"STATE",-7} {"LAST",-7} SENDER");
        foreach (var e in entries)
        {
            string state = e.Held ? "held" : "active";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{e.QueueId,-16} {e.ReceivedAt.UtcDateTime,-19:yyyy-MM-dd HH:mm:ss} {e.Size,8} {$"{e.Pending}/{e.Recipients}",-7} {state,-7} {e.LastStatus ?? "-",-7} <{e.Sender}>"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{entries.Count} message(s), {entries.Sum(e => e.Pending)} pending recipient(s)"));
    }

    private static void Show(QueueMessageInfo info)
    {
        var e = info.Entry;
        var envelope = info.Envelope;
        Console.WriteLine($"id: {e.QueueId}{(e.Held ? " (held)" : "")}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"arrived: {e.ReceivedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC from {envelope.ClientAddress} ({envelope.ClientHelo ?? "no HELO"})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"size: {e.Size}"));
        Console.WriteLine($"sender: <{envelope.Sender}>{(envelope.EnvId is { } envId ? $" ENVID={envId}" : "")}{(envelope.Ret != Core.DsnReturn.Unspecified ? $" RET={envelope.Ret}" : "")}");
        foreach (var r in info.Recipients)
        {
            string target = r.Route is null ? $"mailbox {r.Mailbox}" : $"route {r.Route}";
            Console.Write($"recipient: <{r.Address}> {target} {r.State}");
            if (r.Attempts is { } attempts)
                Console.Write(string.Create(CultureInfo.InvariantCulture, $", {attempts} attempt(s), next {r.NextAttempt!.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {r.Status} {r.Diagnostic}"));
            Console.WriteLine();
        }
        Console.WriteLine();
        Console.WriteLine(info.Header);
    }
}
