namespace Mizugiwa.Content.Tests.Dmarc;

/// <summary>The Public Suffix List copy and its test vectors in ../shared/conformance/dmarc-psl, next to the repository.</summary>
internal static class SharedPslFiles
{
    public static string List => Find("public_suffix_list.dat");
    public static string Vectors => Find("test_psl.txt");

    private static string Find(string fileName)
    {
        var root = RepoRoot();
        var path = Path.GetFullPath(Path.Combine(root, "..", "shared", "conformance", "dmarc-psl", fileName));
        Assert.True(File.Exists(path), $"The shared PSL file {path} is missing; these tests need ../shared/conformance/dmarc-psl next to the repository ({root}).");
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
