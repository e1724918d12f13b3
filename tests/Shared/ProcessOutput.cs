using System.Diagnostics;
using System.Text;

namespace Mizugiwa.Testing;

/// <summary>What a test server writes to its standard output and error, kept line by line as it writes (so the pipes never fill).</summary>
public static class ProcessOutput
{
    /// <summary>Starts reading both streams of <paramref name="process"/> (started with both redirected) into <paramref name="log"/>; read it under a lock on itself.</summary>
    public static void Collect(Process process, StringBuilder log)
    {
        void Keep(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is null) return;
            lock (log) log.AppendLine(line.Data);
        }
        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }
}
