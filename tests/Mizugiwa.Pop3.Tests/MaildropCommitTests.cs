namespace Mizugiwa.Pop3.Tests;

/// <summary>The UPDATE state's removals as other readers of the Maildir hear of them.</summary>
public sealed class MaildropCommitTests : IDisposable
{
    private readonly DirectoryInfo _maildir = Directory.CreateTempSubdirectory("mizugiwa-commit-");

    public void Dispose() => _maildir.Delete(recursive: true);

    [Fact]
    public async Task Deleting_at_QUIT_is_word_for_IMAP_sessions_in_IDLE_on_the_inbox()
    {
        Directory.CreateDirectory(Path.Combine(_maildir.FullName, "new"));
        Directory.CreateDirectory(Path.Combine(_maildir.FullName, "cur"));
        await File.WriteAllTextAsync(Path.Combine(_maildir.FullName, "new", "1.M1P1Q1.host"), "a\nb\n");
        var maildrop = await Maildrop.OpenAsync(_maildir.FullName, new MessageSizes(), default);
        var changed = Mizugiwa.Mailbox.MaildirChanges.Next(_maildir.FullName);
        Assert.Equal((0, 0), maildrop.Commit());
        Assert.False(changed.IsCompleted);
        maildrop.Messages[0].Deleted = true;
        Assert.Equal((1, 0), maildrop.Commit());
        Assert.True(changed.IsCompleted);
    }
}
