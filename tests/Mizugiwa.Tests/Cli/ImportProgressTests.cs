using Mizugiwa.Cli;

namespace Mizugiwa.Tests.Cli;

/// <summary>Import progress: a bar redrawn in place on a terminal, a line per tenth otherwise.</summary>
public sealed class ImportProgressTests
{
    [Fact]
    public void Without_a_terminal_one_line_is_written_per_tenth()
    {
        var error = new StringWriter();
        var progress = new ImportProgress(error, terminal: false);

        for (int i = 1; i <= 200; i++) progress.Report(i, 200);
        progress.Finish();

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        Assert.Equal("preparing accounts: 10% (20/200)", lines[0]);
        Assert.Equal("preparing accounts: 100% (200/200)", lines[^1]);
    }

    [Fact]
    public void On_a_terminal_the_bar_is_redrawn_and_ended_with_a_newline()
    {
        var error = new StringWriter();
        var progress = new ImportProgress(error, terminal: true);

        progress.Report(1, 2);
        progress.Report(2, 2);
        progress.Finish();

        Assert.Equal($"\r[{new string('#', 15)}{new string('.', 15)}]  50% 1/2\r[{new string('#', 30)}] 100% 2/2{Environment.NewLine}", error.ToString());
    }
}
