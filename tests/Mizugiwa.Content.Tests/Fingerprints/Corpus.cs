using Mizugiwa.Content.Fingerprints;
using Mizugiwa.Tests.Shared;

namespace Mizugiwa.Content.Tests.Fingerprints;

/// <summary>The SpamAssassin public corpus in ../shared/corpus.</summary>
internal static class Corpus
{
    public static IReadOnlyList<string> Files(string group, int count)
    {
        var directory = SharedFolder.Directory("corpus", "spamassassin-public", group);
        var files = Directory.GetFiles(directory).Order(StringComparer.Ordinal).Take(count).ToList();
        Assert.Equal(count, files.Count);
        return files;
    }

    public static ContentMessage Read(string file) => MessageFile.Read(File.ReadAllBytes(file));
}
