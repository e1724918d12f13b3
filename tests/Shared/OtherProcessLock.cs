using System.Diagnostics;

namespace Mizugiwa.Testing;

/// <summary>
/// An exclusive flock(2) on a file held by another process (util-linux's <c>flock</c>) until disposed: what a
/// second server on the same Maildir storage looks like to this one.
/// </summary>
public sealed class OtherProcessLock : IDisposable
{
    private readonly Process _process;

    private OtherProcessLock(Process process) => _process = process;

    /// <summary>Returns once the other process holds the lock (it says so on standard output), or fails within 10 s.</summary>
    public static async Task<OtherProcessLock> TakeAsync(string path)
    {
        var start = new ProcessStartInfo("flock", ["--exclusive", "--timeout", "10", path, "--command", "echo held; exec cat"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("flock could not be started (util-linux)");
        var holder = new OtherProcessLock(process);
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            if (line != "held") throw new InvalidOperationException($"flock did not take {path}: {line ?? "(exited)"}");
            return holder;
        }
        catch
        {
            holder.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        // Closing cat's input ends it, and the kernel drops the lock with the last descriptor.
        try { _process.StandardInput.Close(); } catch (IOException) { }
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10))) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
