using System.Text.Json;

namespace Mizugiwa.IntegrationTests.Infrastructure;

/// <summary>An independent DKIM verifier: dkimpy from Debian (python3-dkim), with the DNS records given, not looked up.</summary>
public static class Dkimpy
{
    /// <returns>One line per signature: "a=rsa-sha256 True" or "… False".</returns>
    public static async Task<IReadOnlyList<string>> VerifyAsync(string messagePath, IReadOnlyDictionary<string, string> records)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Scripts", "dkimpy_verify.py");
        var result = await ExternalProcess.RunAsync("/usr/bin/python3", [script, messagePath, JsonSerializer.Serialize(records)],
            timeout: TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, $"dkimpy (Debian package python3-dkim, scripts/install-test-deps.sh) failed: {result}");
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())];
    }
}
