namespace Mizugiwa.Policy.Tests.S25r;

/// <summary>The published S25R test material in ../shared/rules/s25r, next to the repository.</summary>
internal static class SharedRuleFiles
{
    public static string HostnameCases => Find("s25r-hostname-cases.tsv");
    public static string WhitelistExamples => Find("s25r-whitelist-examples.regexp");

    private static string Find(string fileName)
    {
        var root = RepoRoot();
        var path = Path.GetFullPath(Path.Combine(root, "..", "shared", "rules", "s25r", fileName));
        Assert.True(File.Exists(path), $"The shared S25R test file {path} is missing; these tests need ../shared/rules/s25r next to the repository ({root}).");
        return path;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mizugiwa.sln"))) return dir.FullName;
        }
        Assert.Fail($"No folder above {AppContext.BaseDirectory} contains Mizugiwa.sln, so ../shared cannot be found.");
        return "";
    }
}
