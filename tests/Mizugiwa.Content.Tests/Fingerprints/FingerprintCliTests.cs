using System.Collections;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Mizugiwa.Storage.Tests.Support;

namespace Mizugiwa.Content.Tests.Fingerprints;

/// <summary><c>mizugiwa fingerprint ...</c> run as the built program on the embedded store of a fresh data directory.</summary>
public sealed partial class FingerprintCliTests : IDisposable
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("mizugiwa-fp-cli-");

    public void Dispose() => _data.Delete(recursive: true);

    [Fact]
    public async Task AddListMatchAndRemoveWorkOnTheEmbeddedStore()
    {
        var spam = Corpus.Files("spam", 3);
        var add = await RunAsync("fingerprint", "add", spam[0], spam[1]);
        Assert.Equal(0, add.ExitCode);
        Assert.Contains($"{spam[0]}: ", add.Output, StringComparison.Ordinal);
        var addedIds = AddedId().Matches(add.Output).Select(m => m.Groups["id"].Value).ToList();
        Assert.Equal(4, addedIds.Count); // exact and fuzzy of each one's text

        var list = await RunAsync("fingerprint", "list");
        Assert.Equal(0, list.ExitCode);
        foreach (var id in addedIds) Assert.Contains(id, list.Output, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(spam[1]), list.Output, StringComparison.Ordinal);

        // The same parts in a new message match exactly; spam #3 of the corpus, never added, is the
        // same campaign as spam #2 with other numbers and matches fuzzily; a ham matches nothing.
        var copy = Path.Combine(_data.FullName, "copy.eml");
        var original = await File.ReadAllTextAsync(spam[0]);
        await File.WriteAllTextAsync(copy, "Message-ID: <other@example.test>\n" + original[(original.IndexOf('\n', StringComparison.Ordinal) + 1)..]);
        var ham = Corpus.Files("easy_ham", 1)[0];
        var match = await RunAsync("fingerprint", "match", copy, spam[2], ham);
        Assert.Equal(0, match.ExitCode);
        Assert.Matches($@"{Regex.Escape(copy)}: 1 match\(es\)\n  {addedIds[0]} exact ", match.Output);
        Assert.Matches($@"{Regex.Escape(spam[2])}: 1 match\(es\)\n  {addedIds[3]} fuzzy text/plain similarity=(0\.\d\d|1\.00)", match.Output);
        Assert.Contains($"{ham}: no match", match.Output, StringComparison.Ordinal);

        var remove = await RunAsync(["fingerprint", "remove", .. addedIds]);
        Assert.Equal(0, remove.ExitCode);
        foreach (var id in addedIds) Assert.Contains($"removed {id}", remove.Output, StringComparison.Ordinal);
        Assert.Contains("no fingerprints", (await RunAsync("fingerprint", "list")).Output, StringComparison.Ordinal);
        Assert.Contains("no match", (await RunAsync("fingerprint", "match", copy)).Output, StringComparison.Ordinal);

        Assert.Equal(65, (await RunAsync("fingerprint", "remove", addedIds[0])).ExitCode);
    }

    [Fact]
    public async Task MistakesAreReportedWithTheirExitCodes()
    {
        Assert.Equal(64, (await RunAsync("fingerprint", "remove", "not-an-id")).ExitCode);
        Assert.Equal(64, (await RunAsync("fingerprint", "add")).ExitCode);
        Assert.Equal(64, (await RunAsync("fingerprint", "frobnicate")).ExitCode);
        var missing = await RunAsync("fingerprint", "add", Path.Combine(_data.FullName, "missing.eml"));
        Assert.Equal(65, missing.ExitCode);
        Assert.Contains("missing.eml", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoNodesWithTheirOwnDataDirectoriesShareFingerprintsThroughRedis()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["State__Backend"] = "Redis",
            ["State__Redis"] = redis.ConnectionString,
        };
        var nodeA = Directory.CreateDirectory(Path.Combine(_data.FullName, "node-a")).FullName;
        var nodeB = Directory.CreateDirectory(Path.Combine(_data.FullName, "node-b")).FullName;
        var spam = Corpus.Files("spam", 1)[0];

        var add = await RunOnAsync(nodeA, settings, ["fingerprint", "add", spam]);
        Assert.Equal(0, add.ExitCode);
        var ids = AddedId().Matches(add.Output).Select(m => m.Groups["id"].Value).ToList();
        Assert.NotEmpty(ids);
        var listOnB = await RunOnAsync(nodeB, settings, ["fingerprint", "list"]);
        foreach (var id in ids) Assert.Contains(id, listOnB.Output, StringComparison.Ordinal);
        // The text matches exactly, so it is not looked up fuzzily as well.
        Assert.Contains($"{spam}: 1 match(es)\n  {ids[0]} exact", (await RunOnAsync(nodeB, settings, ["fingerprint", "match", spam])).Output, StringComparison.Ordinal);

        Assert.Equal(0, (await RunOnAsync(nodeB, settings, ["fingerprint", "remove", .. ids])).ExitCode);
        Assert.Contains("no fingerprints", (await RunOnAsync(nodeA, settings, ["fingerprint", "list"])).Output, StringComparison.Ordinal);
    }

    private sealed record Result(int ExitCode, string Output, string Error);

    private Task<Result> RunAsync(params string[] args) => RunOnAsync(_data.FullName, new Dictionary<string, string>(), args);

    private Task<Result> RunAsync(IEnumerable<string> args) => RunOnAsync(_data.FullName, new Dictionary<string, string>(), args);

    /// <summary>Runs the program with <paramref name="dataDirectory"/> and settings such as "State__Backend" (as MIZUGIWA__ variables).</summary>
    private static async Task<Result> RunOnAsync(string dataDirectory, Dictionary<string, string> settings, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mizugiwa.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        // The machine's own MIZUGIWA__ settings must not leak in (a Redis backend, another data directory).
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (((string)entry.Key).StartsWith("MIZUGIWA__", StringComparison.OrdinalIgnoreCase)) info.Environment.Remove((string)entry.Key);
        }
        info.Environment["MIZUGIWA__DataDirectory"] = dataDirectory;
        foreach (var (key, value) in settings) info.Environment["MIZUGIWA__" + key] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(RunLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mizugiwa {string.Join(' ', args)} did not finish within {RunLimit}");
        }
        return new Result(process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"^  added (?<id>[0-9a-f]{16}) ", RegexOptions.Multiline)]
    private static partial Regex AddedId();
}
