using Mizugiwa.Content.Bayes;
using Mizugiwa.Imap;

namespace Mizugiwa.Hosting;

/// <summary>A mail client's moves into and out of Junk teach the user's Bayes dictionary, as the web's "Spam" and "Not spam" do.</summary>
internal sealed class BayesJunkReports(BayesStore bayes) : IJunkReports
{
    public async Task<int> LearnAsync(string user, IReadOnlyList<string> messageFiles, bool spam, CancellationToken cancellationToken)
    {
        var outcomes = await bayes.LearnReportsAsync(messageFiles.Select(ReadOrEmpty).Where(raw => raw.Length > 0), spam, user, cancellationToken);
        return outcomes.Count(outcome => outcome != LearnOutcome.AlreadyLearned);
    }

    /// <summary>The message, or nothing when another session moved or expunged it meanwhile.</summary>
    private static ReadOnlyMemory<byte> ReadOrEmpty(string file)
    {
        try { return File.ReadAllBytes(file); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return ReadOnlyMemory<byte>.Empty; }
    }
}
