namespace Mizugiwa.Pop3.Tests;

/// <summary>Sizes measured once per message: remembered by Maildir, unique name and file length.</summary>
public sealed class MessageSizesTests : IDisposable
{
    private readonly DirectoryInfo _maildir = Directory.CreateTempSubdirectory("mizugiwa-sizes-");

    public void Dispose() => _maildir.Delete(recursive: true);

    [Fact]
    public void A_size_is_known_only_for_the_same_maildir_name_and_length_and_the_limit_starts_afresh()
    {
        var sizes = new MessageSizes(limit: 2);
        sizes.Remember("/m/a", "1.x", 10, 12);
        Assert.True(sizes.TryGet("/m/a", "1.x", 10, out var octets));
        Assert.Equal(12, octets);
        Assert.False(sizes.TryGet("/m/a", "1.x", 11, out _));
        Assert.False(sizes.TryGet("/m/b", "1.x", 10, out _));
        sizes.Remember("/m/a", "2.x", 10, 12);
        sizes.Remember("/m/a", "3.x", 10, 12);
        Assert.False(sizes.TryGet("/m/a", "1.x", 10, out _));
        Assert.True(sizes.TryGet("/m/a", "3.x", 10, out _));
    }

    [Fact]
    public async Task A_second_login_takes_the_remembered_size_also_after_the_message_moved_to_cur()
    {
        Directory.CreateDirectory(Path.Combine(_maildir.FullName, "new"));
        Directory.CreateDirectory(Path.Combine(_maildir.FullName, "cur"));
        var path = Path.Combine(_maildir.FullName, "new", "1.M1P1Q1.host");
        await File.WriteAllTextAsync(path, "a\nb\n");
        var sizes = new MessageSizes();

        var first = await Maildrop.OpenAsync(_maildir.FullName, sizes, default);
        Assert.Equal(6, first.Octets);
        first.MarkSeen(first.Messages[0]);
        // Same length, fewer lines: only a remembered size can still say 6.
        await File.WriteAllTextAsync(first.Messages[0].Path, "abc\n");
        var second = await Maildrop.OpenAsync(_maildir.FullName, sizes, default);
        Assert.Equal(6, second.Octets);
        Assert.Equal(5, (await Maildrop.OpenAsync(_maildir.FullName, new MessageSizes(), default)).Octets);
    }
}
