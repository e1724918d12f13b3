namespace Mizugiwa.Cli;

/// <summary>
/// Progress of an import on stderr: a bar redrawn in place when stderr is a terminal, otherwise one line
/// each time another tenth is done (so logs stay readable).
/// </summary>
internal sealed class ImportProgress(TextWriter error, bool terminal)
{
    private const int BarWidth = 30;
    private int _lastTenth;
    private bool _drawn;

    public void Report(int done, int total)
    {
        if (total == 0) return;
        int percent = (int)(100L * done / total);
        if (terminal)
        {
            int filled = BarWidth * done / total;
            error.Write($"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {percent,3}% {done}/{total}");
            _drawn = true;
            return;
        }
        if (percent / 10 <= _lastTenth) return;
        _lastTenth = percent / 10;
        error.WriteLine($"preparing accounts: {percent}% ({done}/{total})");
    }

    /// <summary>Ends the bar's line, if one was drawn.</summary>
    public void Finish()
    {
        if (_drawn) error.WriteLine();
    }
}
