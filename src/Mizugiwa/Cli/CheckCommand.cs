using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Core;
using Mizugiwa.Hosting;
using Mizugiwa.Policy.Greylist;
using Mizugiwa.Smtp.Checks;
using Mizugiwa.Storage;
using Mizugiwa.Storage.State;
using Mizugiwa.Core.State;

namespace Mizugiwa.Cli;

/// <summary>
/// <c>mizugiwa check</c>: runs the whole check pipeline for one imagined session as a dry run and
/// explains each check's answer and the final verdict per recipient. Nothing is changed: greylisting
/// works on a copy of the greylist database.
/// </summary>
internal static class CheckCommand
{
    public const string Usage = """
        usage: mizugiwa check --ip ADDRESS [--helo NAME] [--from SENDER] --to RECIPIENT [--to RECIPIENT...]
        """;

    public static async Task<int> RunAsync(string[] args, MizugiwaOptions options)
    {
        Request request;
        try { request = Request.Parse(args); }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"mizugiwa: {e.Message}\n{Usage}");
            return ExitCodes.Usage;
        }
        var scratch = Directory.CreateTempSubdirectory("mizugiwa-check-");
        try
        {
            await using var services = BuildServices(options, scratch.FullName);
            await ExplainAsync(request, services, options);
            return ExitCodes.Ok;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            scratch.Delete(recursive: true);
        }
    }

    private static ServiceProvider BuildServices(MizugiwaOptions options, string scratch)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IRecipientDirectory>(Hosting.DirectoryFactory.Open(options));
        PolicyServices.Add(services, options, TimeProvider.System);
        var greylist = Path.Combine(options.DataDirectory, "greylist.db");
        var copy = Path.Combine(scratch, "greylist.db");
        if (File.Exists(greylist)) File.Copy(greylist, copy);
        services.AddSingleton(new Greylister(new SqliteGreylistStore(copy), PolicyServices.GreylistOptionsFrom(options.Checks.Rgrey), TimeProvider.System));
        services.AddSingleton<IDecisionLog>(NoDecisionLog.Instance);
        // Counting checks work on scratch state, so a dry run cannot trip a limit or a block.
        services.AddSingleton<IStateStore>(new EmbeddedStateStore(null, TimeProvider.System));
        return services.BuildServiceProvider();
    }

    private static async Task ExplainAsync(Request request, ServiceProvider services, MizugiwaOptions options)
    {
        var policy = services.GetRequiredService<ISmtpPolicy>();
        var directory = services.GetRequiredService<IRecipientDirectory>();
        var session = new SessionContext("dry-run", request.Ip) { Trace = [], Helo = request.Helo };
        var failure = await StageAsync("CONNECT", session, policy.OnConnectAsync(session, default));
        if (failure is { Disconnects: true }) return;
        if (request.Helo is not null) failure = await StageAsync("HELO", session, policy.OnHeloAsync(session, default));
        session.Sender = request.From;
        await StageAsync("MAIL", session, policy.OnMailAsync(session, default));
        Console.WriteLine($"client name: {session.ClientName ?? "(not looked up or DNS failed)"}");
        foreach (var to in request.To)
        {
            var address = SmtpAddress.TryParse(to, true, out var error);
            if (address is null) { Console.WriteLine($"RCPT <{to}>: 501 5.1.3 bad address: {error}"); continue; }
            var resolution = await directory.ResolveAsync(address, default);
            var relay = options.Gateway.Domains.FirstOrDefault(d => d.Domain.Equals(address.Domain, StringComparison.OrdinalIgnoreCase));
            if (relay is not null)
            {
                // The recipient itself is verified by the next hop (or the directory) at RCPT time; the dry run does not probe.
                Console.WriteLine($"  relay domain {relay.Domain}: next hop {relay.NextHop}, recipients verified by {relay.Verify}");
                resolution = new RecipientResolution(RecipientStatus.Local, [address.ToString()]);
            }
            if (resolution.Status == RecipientStatus.NotLocal) { Console.WriteLine($"RCPT <{to}>: 554 5.7.1 relay access denied"); continue; }
            var verdict = await StageAsync("RCPT", session, policy.OnRcptAsync(new RcptContext(session, address, address.ToString(), resolution.Status), default));
            var final = verdict is { IsFailure: true } ? verdict.Reply!.ToString()
                : resolution.Status == RecipientStatus.UnknownUser ? "550 5.1.1 user unknown"
                : resolution.Status == RecipientStatus.Disabled ? "550 5.2.1 mailbox disabled"
                : "250 2.1.5 accepted" + string.Concat(verdict?.Headers.Select(h => $"; adds {h.Name}: {h.Value}") ?? []);
            Console.WriteLine($"RCPT <{to}>: {final}");
        }
    }

    /// <summary>Prints the checks that ran at this stage and returns its verdict.</summary>
    private static async Task<Verdict?> StageAsync(string stage, SessionContext session, ValueTask<Verdict> run)
    {
        var verdict = await run;
        foreach (var trace in session.Trace!) Console.WriteLine($"  {trace.Stage,-8} {trace.Check,-17} {Describe(trace.Verdict)}");
        session.Trace!.Clear();
        if (verdict.Disconnects) Console.WriteLine($"{stage}: {verdict.Reply} (disconnect)");
        return verdict;
    }

    private static string Describe(Verdict v)
    {
        var text = v.Action.ToString().ToLowerInvariant();
        if (v.Rule is not null) text += $" [{v.Rule}]";
        if (v.Reply is not null) text += $" {v.Reply}";
        if (v.Symbols.Count > 0) text += " symbols: " + string.Join(",", v.Symbols.Select(s => s.Name));
        return text;
    }

    private sealed record Request(IPAddress Ip, string? Helo, string From, IReadOnlyList<string> To)
    {
        public static Request Parse(string[] args)
        {
            IPAddress? ip = null;
            string? helo = null;
            string from = "";
            var to = new List<string>();
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--ip": ip = IPAddress.TryParse(Value(), out var parsed) ? parsed : throw new UsageException($"'{args[i]}' is not an IP address"); break;
                    case "--helo": helo = Value(); break;
                    case "--from": from = Value().Trim('<', '>'); break;
                    case "--to": to.Add(Value().Trim('<', '>')); break;
                    default: throw new UsageException($"unknown option '{args[i]}'");
                }
            }
            if (ip is null) throw new UsageException("--ip is required");
            if (to.Count == 0) throw new UsageException("at least one --to is required");
            return new Request(ip, helo, from, to);
        }
    }
}
