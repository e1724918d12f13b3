using Mizugiwa.Cli;
using Mizugiwa.Configuration;

namespace Mizugiwa.Tests.Cli;

public sealed class BayesCommandTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mizugiwa-bayes-cli-");

    public void Dispose() => _root.Delete(recursive: true);

    private MizugiwaOptions Options => new() { DataDirectory = Path.Combine(_root.FullName, "data") };

    private Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args) => RunAsync(Options, args);

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(MizugiwaOptions options, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await BayesCommand.RunAsync(args, options, stdout, stderr, stderrIsTerminal: false);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string MakeMaildir()
    {
        var maildir = Path.Combine(_root.FullName, "Junk");
        foreach (var sub in new[] { "cur", "new", "tmp" }) Directory.CreateDirectory(Path.Combine(maildir, sub));
        for (var i = 0; i < 3; i++)
            File.WriteAllText(Path.Combine(maildir, i < 2 ? "cur" : "new", $"17000000{i}.M1P1.host:2,S"),
                $"From: Deals <deals@shop.example>\nMessage-ID: <s{i}@shop.example>\nSubject: cheap pills {i}\n\nbuy cheap pills now\n");
        return maildir;
    }

    private string MakeMbox()
    {
        var mbox = Path.Combine(_root.FullName, "inbox.mbox");
        File.WriteAllText(mbox, string.Concat(Enumerable.Range(0, 2).Select(i =>
            $"From alice@example.com Thu Aug 22 13:17:2{i} 2002\nFrom: Alice <alice@example.com>\nMessage-ID: <h{i}@example.com>\n" +
            $"Subject: meeting {i}\n\nthe agenda for tomorrow\n>From the minutes\n\n")));
        return mbox;
    }

    [Fact]
    public async Task Train_learns_a_maildir_as_spam_and_an_mbox_as_ham_into_data_bayes_db()
    {
        var (code, output, error) = await RunAsync("train", "--spam", MakeMaildir(), "--ham", MakeMbox());

        Assert.Equal(0, code);
        Assert.Contains("learned 3 spam and 2 ham into the global dictionary", output);
        Assert.Matches(@"\(global\)\s+3\s+2\s+\d+\s+5/400\s+no \(needs 200 spam and 200 ham\)", output);
        Assert.Contains("bayes train: 100% 5 messages (3 spam, 2 ham", error);
        Assert.True(File.Exists(Path.Combine(Options.DataDirectory, "bayes.db")));
    }

    [Fact]
    public async Task Training_again_learns_nothing_new_and_stats_shows_a_users_dictionary()
    {
        var maildir = MakeMaildir();
        await RunAsync("train", "--spam", maildir, "--user", "Bob@Example.com");

        var (code, output, _) = await RunAsync("train", "--spam", maildir, "--user", "bob@example.com");
        var stats = await RunAsync("stats");

        Assert.Equal(0, code);
        Assert.Contains("learned 0 spam and 0 ham into the dictionary of bob@example.com (3 already learned", output);
        Assert.Equal(0, stats.ExitCode);
        Assert.Matches(@"\(global\)\s+3\s+0\s+\d+\s+3/400\s", stats.Out);
        Assert.Matches(@"bob@example\.com\s+3\s+0", stats.Out);
    }

    [Fact]
    public async Task With_the_logistic_vote_turned_off_stats_says_so_and_training_does_not_count_for_it()
    {
        var off = Options;
        off.Content.Bayes.LogisticVote = false;
        await RunAsync(off, "train", "--spam", MakeMaildir());

        var offStats = await RunAsync(off, "stats");
        var onStats = await RunAsync("stats");

        Assert.Matches(@"\(global\)\s+3\s+0\s+\d+\s+off\s", offStats.Out);
        Assert.Matches(@"\(global\)\s+3\s+0\s+\d+\s+0/400\s", onStats.Out);
    }

    [Fact]
    public async Task A_missing_path_exits_65_naming_it_and_learns_nothing()
    {
        var missing = Path.Combine(_root.FullName, "no-such-maildir");

        var (code, _, error) = await RunAsync("train", "--spam", MakeMaildir(), "--ham", missing);
        var stats = await RunAsync("stats");

        Assert.Equal(65, code);
        Assert.Equal($"mizugiwa: '{missing}' does not exist", error.Trim());
        Assert.Matches(@"\(global\)\s+0\s+0", stats.Out);
    }

    [Fact]
    public async Task Copy_puts_another_nodes_dictionaries_into_this_store_and_keeps_what_it_has_learned()
    {
        var otherNode = new MizugiwaOptions { DataDirectory = Path.Combine(_root.FullName, "other-node") };
        Assert.Equal(0, (await RunAsync(otherNode, "train", "--spam", MakeMaildir(), "--user", "bob@example.com")).ExitCode);
        Assert.Equal(0, (await RunAsync("train", "--ham", MakeMbox())).ExitCode);
        var file = Path.Combine(otherNode.DataDirectory, "bayes.db");

        var (code, output, _) = await RunAsync("copy", "--from", file);

        Assert.Equal(0, code);
        Assert.Contains("kept (global): it has already learned messages here", output);
        Assert.Matches(@"copied bob@example.com: 3 spam, 0 ham, \d+ tokens", output);
        Assert.Matches(@"(?m)^\(global\)\s+0\s+2\s", output);
        Assert.Matches(@"(?m)^bob@example.com\s+3\s+0\s", output);

        var missing = await RunAsync("copy", "--from", Path.Combine(_root.FullName, "none.db"));
        Assert.Equal((65, $"mizugiwa: {Path.Combine(_root.FullName, "none.db")}: no such file"), (missing.ExitCode, missing.Error.Trim()));
    }

    [Theory]
    [InlineData(new[] { "train" }, "give at least one --spam or --ham PATH")]
    [InlineData(new[] { "train", "--spam" }, "--spam needs a value")]
    [InlineData(new[] { "train", "--junk", "x" }, "unknown option '--junk'")]
    [InlineData(new[] { "forget" }, "unknown subcommand 'forget'")]
    [InlineData(new[] { "copy" }, "copy needs --from FILE")]
    [InlineData(new[] { "copy", "--from" }, "copy needs --from FILE")]
    [InlineData(new[] { "copy", "--form", "x" }, "unknown option '--form'")]
    public async Task A_wrong_command_line_exits_64_with_the_usage(string[] args, string message)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(64, code);
        Assert.Contains(message, error);
        Assert.Contains("usage: mizugiwa bayes train", error);
    }
}
