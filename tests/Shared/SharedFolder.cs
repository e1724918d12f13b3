namespace Mizugiwa.Tests.Shared;

/// <summary>
/// The team's shared material (corpus, conformance suites, S25R rules): the folder "shared" beside the
/// repository (../shared), or beside a folder above it. A missing file fails the test with the path it wanted.
/// </summary>
internal static class SharedFolder
{
    /// <summary>The path of a file under shared/, e.g. File("rules", "s25r", "cases.tsv").</summary>
    public static string File(params string[] parts)
    {
        var path = Path.Combine([Root(), .. parts]);
        Assert.True(System.IO.File.Exists(path), $"The shared file {path} is missing; these tests need ../shared next to the repository ({RepositoryRoot()}).");
        return path;
    }

    /// <summary>The path of a folder under shared/, e.g. Directory("corpus", "spamassassin-public").</summary>
    public static string Directory(params string[] parts)
    {
        var path = Path.Combine([Root(), .. parts]);
        Assert.True(System.IO.Directory.Exists(path), $"The shared folder {path} is missing; these tests need ../shared next to the repository ({RepositoryRoot()}).");
        return path;
    }

    private static string Root()
    {
        var repo = RepositoryRoot();
        for (var dir = new DirectoryInfo(repo).Parent; dir is not null; dir = dir.Parent)
        {
            var shared = Path.Combine(dir.FullName, "shared");
            if (System.IO.Directory.Exists(shared)) return shared;
        }
        Assert.Fail($"No folder named shared beside the repository {repo} or above it.");
        return "";
    }

    /// <summary>The folder that holds Mizugiwa.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Mizugiwa.sln"))) return dir.FullName;
        }
        Assert.Fail($"No folder above {AppContext.BaseDirectory} contains Mizugiwa.sln, so ../shared cannot be found.");
        return "";
    }
}
