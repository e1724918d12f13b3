namespace Mizugiwa.Imap;

/// <summary>
/// Where a mail client's spam reports go. Moving or copying messages into the Junk folder reports them as
/// spam for the user; moving or copying them out of Junk (not into Trash) reports them as not spam. The
/// server teaches the user's own Bayes dictionary with them, as the web's "Spam" and "Not spam" do.
/// </summary>
public interface IJunkReports
{
    /// <summary>Learns the message files as spam or not; the number that taught the filter something new.</summary>
    Task<int> LearnAsync(string user, IReadOnlyList<string> messageFiles, bool spam, CancellationToken cancellationToken);
}
