using System.Text.RegularExpressions;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery.Tests;

public sealed class MaildirWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Creates_the_maildir_and_delivers_into_new()
    {
        string source = Path.Combine(_dir.Path, "message.eml");
        await File.WriteAllTextAsync(source, Messages.Body("one"));
        string maildir = Path.Combine(_dir.Path, "mail", "example.test", "alice");
        var writer = new MaildirWriter(Messages.Clock());

        string first = await writer.DeliverAsync(maildir, source, CancellationToken.None);
        string second = await writer.DeliverAsync(maildir, source, CancellationToken.None);

        Assert.True(Directory.Exists(Path.Combine(maildir, "cur")));
        Assert.Empty(Directory.GetFiles(Path.Combine(maildir, "tmp")));
        Assert.Equal(new[] { first, second }.Order(), Directory.GetFiles(Path.Combine(maildir, "new")).Order());
        Assert.NotEqual(first, second);
        Assert.Matches(new Regex(@"^1748779200\.M0P\d+Q\d+\.[^/:]+$"), Path.GetFileName(first));
        Assert.Equal(await File.ReadAllBytesAsync(source), await File.ReadAllBytesAsync(first));
    }

    [Fact]
    public async Task Fails_with_IOException_and_leaves_nothing_when_the_source_is_missing()
    {
        string maildir = Path.Combine(_dir.Path, "alice");
        var writer = new MaildirWriter(Messages.Clock());

        await Assert.ThrowsAnyAsync<IOException>(() => writer.DeliverAsync(maildir, Path.Combine(_dir.Path, "missing"), CancellationToken.None));

        Assert.Empty(Directory.GetFiles(Path.Combine(maildir, "tmp")));
        Assert.Empty(Directory.GetFiles(Path.Combine(maildir, "new")));
    }
}
