using System.Text;
using Mizugiwa.Content.Bayes;

namespace Mizugiwa.Content.Tests.Bayes;

public sealed class MailSourceTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mizugiwa-mailsource-");

    public void Dispose() => _root.Delete(recursive: true);

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_root.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, Encoding.Latin1);
        return path;
    }

    private static string[] Texts(string path) =>
        [.. MailSource.Files(path).SelectMany(MailSource.Read).Select(m => Encoding.Latin1.GetString(m.Raw))];

    [Fact]
    public void An_mbox_is_split_at_from_lines_after_a_blank_line_and_quoted_from_lines_are_unquoted()
    {
        var mbox = Write("box.mbox",
            "From alice@example.com Thu Aug 22 13:17:22 2002\nSubject: one\n\nFrom the start\n>From here\n\n" +
            "From bob@example.com  Fri Aug 23 09:01:02 2002\nSubject: two\n\nbody\n");

        var messages = Texts(mbox);

        Assert.Equal(["Subject: one\n\nFrom the start\nFrom here\n", "Subject: two\n\nbody\n"], messages);
    }

    [Fact]
    public void A_maildir_is_read_from_cur_and_new_but_not_tmp()
    {
        Write("Maildir/cur/1:2,S", "Subject: a\n\nx\n");
        Write("Maildir/new/2", "Subject: b\n\ny\n");
        Write("Maildir/tmp/3", "Subject: c\n\nz\n");

        Assert.Equal(["Subject: a\n\nx\n", "Subject: b\n\ny\n"], Texts(Path.Combine(_root.FullName, "Maildir")));
    }

    [Fact]
    public void A_folder_is_read_recursively_without_hidden_files_and_a_leading_from_line_is_dropped()
    {
        Write("folder/a.eml", "Subject: a\n\nx\n");
        Write("folder/sub/b", "From x@example.com Thu Aug 22 13:17:22 2002\nSubject: b\n\ny\n");
        Write("folder/.hidden", "Subject: h\n\nh\n");

        Assert.Equal(["Subject: a\n\nx\n", "Subject: b\n\ny\n"], Texts(Path.Combine(_root.FullName, "folder")));
    }

    [Fact]
    public void A_missing_path_is_named_in_the_error()
    {
        var missing = Path.Combine(_root.FullName, "nope");
        var error = Assert.Throws<MailSourceException>(() => MailSource.Files(missing));
        Assert.Contains(missing, error.Message);
    }
}
