using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Mizugiwa.IntegrationTests.Infrastructure;

/// <summary>A message file found in a Maildir's <c>new/</c>.</summary>
public sealed partial record DeliveredMessage(string Path, string Text)
{
    /// <summary>The Message-Id without angle brackets, or null.</summary>
    public string? MessageId => MessageIdHeader().Match(Text) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The first header field, which the server adds: its Received trace header, unfolded.</summary>
    public string FirstReceivedHeader
    {
        get
        {
            var match = ReceivedHeader().Match(Text);
            return match.Success ? match.Value.Replace("\r\n", "", StringComparison.Ordinal).Replace('\t', ' ') : "";
        }
    }

    [GeneratedRegex(@"^Message-Id:\s*<([^>\r\n]+)>", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex MessageIdHeader();

    /// <summary>The topmost Received field (below the Return-Path that final delivery adds).</summary>
    [GeneratedRegex(@"^Received:.*?(\r\n(?![ \t])|\z)", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex ReceivedHeader();
}

/// <summary>Reads the <c>new/</c> folder of a Maildir; files there are complete and never change, so each is read once.</summary>
public sealed class Maildir(string newDirectory)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, DeliveredMessage> _read = new();

    public string NewDirectory { get; } = newDirectory;

    public IReadOnlyList<DeliveredMessage> Messages()
    {
        if (!Directory.Exists(NewDirectory)) return [];
        return [.. Directory.GetFiles(NewDirectory).Select(path => _read.GetOrAdd(path, p => new DeliveredMessage(p, File.ReadAllText(p))))];
    }

    /// <summary>The messages whose text contains <paramref name="token"/>.</summary>
    public IReadOnlyList<DeliveredMessage> MessagesContaining(string token) =>
        [.. Messages().Where(m => m.Text.Contains(token, StringComparison.Ordinal))];

    /// <summary>Polls every 50 ms (bounded) until a message contains <paramref name="token"/>, and returns it.</summary>
    public async Task<DeliveredMessage> WaitForMessageAsync(string token, TimeSpan? timeout = null) =>
        (await WaitForMessagesAsync(token, 1, timeout))[0];

    /// <summary>Polls every 50 ms (bounded) until at least <paramref name="count"/> messages contain <paramref name="token"/>.</summary>
    public async Task<IReadOnlyList<DeliveredMessage>> WaitForMessagesAsync(string token, int count, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = MessagesContaining(token);
            if (found.Count >= count) return found;
            if (clock.Elapsed > limit)
                throw new TimeoutException($"{found.Count} of {count} message(s) with '{token}' in {NewDirectory} after {limit}");
            await Task.Delay(ServerProcess.PollInterval);
        }
    }
}
