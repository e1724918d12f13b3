using System.Diagnostics;

namespace Mizugiwa.Content.Tests.Dkim.Support;

/// <summary>An independent DKIM signer: dkimpy from Debian (python3-dkim, scripts/install-test-deps.sh).</summary>
public static class Dkimpy
{
    /// <param name="headers">The fields h= names; dkimpy's default list when null.</param>
    /// <returns>The DKIM-Signature field dkimpy made, ending in CRLF.</returns>
    public static async Task<string> SignAsync(byte[] message, string selector, string domain, string keyText, string algorithm, IReadOnlyList<string>? headers = null)
    {
        var directory = Directory.CreateTempSubdirectory("mizugiwa-dkimpy-").FullName;
        try
        {
            var messagePath = Path.Combine(directory, "message.eml");
            var keyPath = Path.Combine(directory, "key");
            await File.WriteAllBytesAsync(messagePath, message);
            await File.WriteAllTextAsync(keyPath, keyText);
            var script = Path.Combine(AppContext.BaseDirectory, "Dkim", "Scripts", "dkimpy_sign.py");
            var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { script, messagePath, selector, domain, keyPath, algorithm }) info.ArgumentList.Add(arg);
            if (headers is not null) info.ArgumentList.Add(string.Join(',', headers));
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"dkimpy (Debian package python3-dkim) failed: {await stderr}");
            return await stdout;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
