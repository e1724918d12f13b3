using Mizugiwa.Content.Fingerprints;

namespace Mizugiwa.Content.Tests.Fingerprints;

/// <summary>The SpamAssassin public corpus in shared/corpus (the nearest shared/ folder above the repository: ../shared in CI).</summary>
internal static class Corpus
{
    public static IReadOnlyList<string> Files(string group, int count)
    {
        var directory = Path.Combine(SharedDirectory(), "corpus", "spamassassin-public", group);
        var files = Directory.GetFiles(directory).Order(StringComparer.Ordinal).Take(count).ToList();
        Assert.Equal(count, files.Count);
        return files;
    }

    public static ContentMessage Read(string file) => MessageFile.Read(file);

    private static string SharedDirectory()
    {
        var root = RepoRoot();
        for (var dir = new DirectoryInfo(root).Parent; dir is not null; dir = dir.Parent)
        {
            var shared = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(shared, "corpus", "spamassassin-public"))) return shared;
        }
        Assert.Fail($"No shared/corpus/spamassassin-public in a folder above the repository {root}.");
        return "";
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mizugiwa.sln"))) return dir.FullName;
        }
        Assert.Fail($"No folder above {AppContext.BaseDirectory} contains Mizugiwa.sln.");
        return "";
    }
}
