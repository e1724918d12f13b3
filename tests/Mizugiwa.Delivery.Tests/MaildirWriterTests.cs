using System.Text;
using System.Text.RegularExpressions;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery.Tests;

public sealed class MaildirWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly GroupCommitter _committer = new();

    public void Dispose()
    {
        _committer.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Creates_the_maildir_and_delivers_the_content_prefix_into_new()
    {
        string source = Path.Combine(_dir.Path, "message.msg");
        await File.WriteAllTextAsync(source, Messages.Body("one") + "TRAILER");
        long length = Encoding.ASCII.GetByteCount(Messages.Body("one"));
        string maildir = Path.Combine(_dir.Path, "mail", "example.test", "alice");
        var writer = new MaildirWriter(_committer, Messages.Clock());

        string first = await writer.DeliverAsync(maildir, default, source, 0, length, CancellationToken.None);
        string second = await writer.DeliverAsync(maildir, default, source, 0, length, CancellationToken.None);

        Assert.True(Directory.Exists(Path.Combine(maildir, "cur")));
        Assert.Empty(Directory.GetFiles(Path.Combine(maildir, "tmp")));
        Assert.Equal(new[] { first, second }.Order(), Directory.GetFiles(Path.Combine(maildir, "new")).Order());
        Assert.NotEqual(first, second);
        Assert.Matches(new Regex(@"^1748779200\.M0P\d+Q\d+\.[^/:]+$"), Path.GetFileName(first));
        Assert.Equal(Messages.Body("one"), await File.ReadAllTextAsync(first));
    }

    [Fact]
    public async Task Fails_with_IOException_and_leaves_nothing_when_the_source_is_missing()
    {
        string maildir = Path.Combine(_dir.Path, "alice");
        var writer = new MaildirWriter(_committer, Messages.Clock());

        await Assert.ThrowsAnyAsync<IOException>(() => writer.DeliverAsync(maildir, default, Path.Combine(_dir.Path, "missing"), 0, 10, CancellationToken.None));

        Assert.Empty(Directory.GetFiles(Path.Combine(maildir, "tmp")));
        Assert.Empty(Directory.GetFiles(Path.Combine(maildir, "new")));
    }

    [Fact]
    public async Task Fails_with_IOException_and_leaves_nothing_when_the_source_is_short()
    {
        string source = Path.Combine(_dir.Path, "short.msg");
        await File.WriteAllTextAsync(source, "abc");
        string maildir = Path.Combine(_dir.Path, "alice");
        var writer = new MaildirWriter(_committer, Messages.Clock());

        await Assert.ThrowsAsync<IOException>(() => writer.DeliverAsync(maildir, default, source, 0, 4, CancellationToken.None));

        Assert.Empty(Directory.GetFiles(Path.Combine(maildir, "tmp")));
        Assert.Empty(Directory.GetFiles(Path.Combine(maildir, "new")));
    }
}
