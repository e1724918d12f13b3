using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Content;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Content.Scoring;
using Mizugiwa.Core;
using Mizugiwa.Hosting;
using Mizugiwa.Storage;

namespace Mizugiwa.Cli;

/// <summary>
/// <c>mizugiwa scan</c>: runs the content level on one message file and explains the result: symbols,
/// score, action, the Authentication-Results header, and per --rcpt what that user's filter mode makes
/// of it. With --batch it reads file names from stdin and prints one "file, spam 0/1, score" line each.
/// </summary>
internal static class ScanCommand
{
    public const string Usage = """
        usage: mizugiwa scan FILE.eml [--rcpt ADDRESS]... [--ip ADDRESS] [--helo NAME] [--from SENDER]
               mizugiwa scan --batch     (file names on stdin; prints FILE<TAB>SPAM 0/1<TAB>SCORE)
          --ip/--helo/--from give the SMTP envelope SPF and DMARC need; without --ip there is no SPF check.
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
        await using var services = BuildServices(options);
        var scanner = services.GetRequiredService<ContentScanner>();
        var filterOptions = services.GetRequiredService<ContentFilterOptions>();
        var exitCode = request.Batch ? await ScanBatchAsync(scanner, filterOptions, request) : await ScanOneAsync(services, scanner, filterOptions, request, options);
        // Fingerprints live in the state store: with Redis down, only this node's were compared.
        await StateServices.WarnIfLocalOnlyAsync(services.GetRequiredService<Core.State.IStateStore>());
        return exitCode;
    }

    private static async Task<int> ScanOneAsync(ServiceProvider services, ContentScanner scanner, ContentFilterOptions filterOptions, Request request, MizugiwaOptions options)
    {
        byte[] raw;
        try { raw = await InputFile.ReadAllBytesAsync(request.Files[0]); }
        catch (InputException e)
        {
            await Console.Error.WriteLineAsync($"mizugiwa: {e.Message}");
            return ExitCodes.Data;
        }
        var message = ContentMessageReader.Read(raw, request.Envelope, filterOptions.Mime);
        var verdict = await scanner.ScanAsync(message, CancellationToken.None);
        Explain(verdict, filterOptions, services.GetRequiredService<IAuthenticationResultsFormat>());
        var own = !ContentServices.BayesEnabled(options) ? new Dictionary<string, BayesVerdict>()
            : await services.GetRequiredService<BayesStore>().ClassifyOwnAsync(message, request.Recipients);
        foreach (var recipient in request.Recipients)
        {
            var mine = verdict;
            if (own.TryGetValue(recipient, out var bayes) && bayes.Probability is not null)
            {
                mine = OwnBayesScore.Rescore(scanner, verdict, bayes);
                Console.WriteLine($"recipient {recipient}: own Bayes dictionary votes (p={bayes.Probability.Value.ToString("0.0000", CultureInfo.InvariantCulture)}): score {Format(mine.Score)}, action {mine.Action.ToString().ToLowerInvariant()}");
            }
            Console.WriteLine(await TreatmentAsync(recipient, mine, services.GetRequiredService<SqlDirectory>()));
        }
        return ExitCodes.Ok;
    }

    private static ServiceProvider BuildServices(MizugiwaOptions options)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Hosting.DirectoryFactory.Open(options));
        PolicyServices.AddDns(services, options);
        services.AddSingleton(StateServices.OpenForCli(options));
        ContentServices.Add(services, options);
        return services.BuildServiceProvider();
    }

    private static void Explain(ContentVerdict verdict, ContentFilterOptions options, IAuthenticationResultsFormat format)
    {
        Console.WriteLine($"score: {Format(verdict.Score)} (spam from {Format(options.Scoring.SpamScore)})");
        Console.WriteLine($"action: {verdict.Action.ToString().ToLowerInvariant()}{string.Concat(verdict.Reasons.Select(r => $"; {r}"))}");
        Console.WriteLine("symbols:");
        foreach (var symbol in verdict.Symbols)
            Console.WriteLine($"  {symbol.Name,-28} {Format(symbol.Score),7}  {symbol.Detail}");
        if (verdict.Symbols.Count == 0) Console.WriteLine("  (none)");
        Console.Write(format.Render(options.AuthServId, verdict.Report.AuthResults));
    }

    private static async Task<string> TreatmentAsync(string recipient, ContentVerdict verdict, SqlDirectory directory)
    {
        var mode = await directory.GetFilterModeAsync(recipient, CancellationToken.None);
        var what = (verdict.Action, mode) switch
        {
            (ContentAction.Reject, _) => "refused for everyone (550 5.7.1)",
            (ContentAction.Spam, FilterMode.Off) => "delivered to the inbox without spam headers",
            (ContentAction.Spam, FilterMode.Label) => "delivered to the inbox, labelled as spam",
            (ContentAction.Spam, FilterMode.Quarantine) => "delivered to the Junk folder, labelled as spam",
            (ContentAction.Spam, FilterMode.Reject) => "refused (550 5.7.1) when all recipients chose reject, else delivered to Junk",
            _ => mode == FilterMode.Off ? "delivered to the inbox" : "delivered to the inbox, labelled as not spam",
        };
        return $"recipient {recipient}: filter mode {FilterModes.Name(mode)}: {what}";
    }

    /// <summary>Every readable file is scanned; one that cannot be read is named on stderr and makes the exit code 65.</summary>
    private static async Task<int> ScanBatchAsync(ContentScanner scanner, ContentFilterOptions options, Request request)
    {
        var unreadable = 0;
        while (await Console.In.ReadLineAsync() is { } file)
        {
            if (file.Length == 0) continue;
            try
            {
                var message = ContentMessageReader.Read(await InputFile.ReadAllBytesAsync(file), request.Envelope, options.Mime);
                var verdict = await scanner.ScanAsync(message, CancellationToken.None);
                Console.WriteLine($"{file}\t{(verdict.IsSpam ? 1 : 0)}\t{Format(verdict.Score)}");
            }
            catch (InputException e)
            {
                await Console.Error.WriteLineAsync($"mizugiwa: {e.Message}");
                unreadable++;
            }
        }
        return unreadable == 0 ? ExitCodes.Ok : ExitCodes.Data;
    }

    private static string Format(double value) => value.ToString("0.0#", CultureInfo.InvariantCulture);

    private sealed record Request(IReadOnlyList<string> Files, IReadOnlyList<string> Recipients, ContentEnvelope Envelope, bool Batch)
    {
        public static Request Parse(string[] args)
        {
            var files = new List<string>();
            var recipients = new List<string>();
            IPAddress? ip = null;
            string? helo = null;
            var from = "";
            var batch = false;
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--rcpt": recipients.Add(Value().Trim('<', '>')); break;
                    case "--ip": ip = IPAddress.TryParse(Value(), out var parsed) ? ClientAddress.Unmapped(parsed) : throw new UsageException($"'{args[i]}' is not an IP address"); break;
                    case "--helo": helo = Value(); break;
                    case "--from": from = Value().Trim('<', '>'); break;
                    case "--batch": batch = true; break;
                    case var option when option.StartsWith("--", StringComparison.Ordinal): throw new UsageException($"unknown option '{option}'");
                    default: files.Add(args[i]); break;
                }
            }
            if (batch && files.Count > 0) throw new UsageException("--batch reads file names from stdin, not from the command line");
            if (!batch && files.Count != 1) throw new UsageException(files.Count == 0 ? "missing FILE" : "give one FILE (or use --batch)");
            return new Request(files, recipients, new ContentEnvelope(ip, null, helo, from, recipients), batch);
        }
    }
}
