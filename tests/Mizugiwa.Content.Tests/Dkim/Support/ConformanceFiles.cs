namespace Mizugiwa.Content.Tests.Dkim.Support;

/// <summary>
/// Finds the shared conformance suites: $MIZUGIWA_CONFORMANCE, else ../shared/conformance beside the
/// repository root (the folder holding Directory.Packages.props). A missing suite fails the test.
/// </summary>
public static class ConformanceFiles
{
    public static string Folder(string suite)
    {
        var root = Environment.GetEnvironmentVariable("MIZUGIWA_CONFORMANCE");
        if (string.IsNullOrEmpty(root))
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) dir = dir.Parent;
            Assert.NotNull(dir);
            root = Path.Combine(dir.Parent!.FullName, "shared", "conformance");
        }
        var path = Path.Combine(root, suite);
        Assert.True(Directory.Exists(path), $"conformance suite {suite} not found at {path} (set MIZUGIWA_CONFORMANCE)");
        return path;
    }

    /// <summary>Message text with bare LF turned into CRLF, as it travels over SMTP.</summary>
    public static byte[] Crlf(string text) =>
        System.Text.Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));
}
