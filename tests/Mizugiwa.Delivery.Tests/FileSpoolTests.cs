using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mizugiwa.Delivery.Tests;

public sealed class FileSpoolTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Incoming => Path.Combine(_dir.Path, "incoming");
    private string Queue => Path.Combine(_dir.Path, "queue");

    private FileSpool NewSpool() => new(_dir.Path, Messages.Clock(), NullLogger<FileSpool>.Instance);

    [Fact]
    public async Task Commit_moves_content_and_envelope_into_the_queue_and_announces_it()
    {
        var spool = NewSpool();
        var announced = new List<string>();
        spool.Committed += (_, id) => announced.Add(id);

        string id = await Messages.CommitAsync(spool, Messages.Body("hi"), "alice@example.test");

        Assert.Equal([id], announced);
        Assert.Empty(Directory.GetFiles(Incoming));
        Assert.Equal(Messages.Body("hi"), await File.ReadAllTextAsync(Path.Combine(Queue, id + ".eml")));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Queue, id + ".json")));
        Assert.Equal(id, json.RootElement.GetProperty("queueId").GetString());
        var recipient = json.RootElement.GetProperty("recipients")[0];
        Assert.Equal("alice@example.test", recipient.GetProperty("mailbox").GetString());
        Assert.Equal("Success, Failure", recipient.GetProperty("notify").GetString());
    }

    [Fact]
    public async Task Dispose_without_commit_leaves_nothing()
    {
        var spool = NewSpool();
        var announced = new List<string>();
        spool.Committed += (_, id) => announced.Add(id);

        await using (var message = await spool.CreateAsync(CancellationToken.None))
        {
            await message.Content.WriteAsync(Encoding.ASCII.GetBytes(Messages.Body("abandoned")));
            Assert.Single(Directory.GetFiles(Incoming));
        }

        Assert.Empty(announced);
        Assert.Empty(Directory.GetFiles(Incoming));
        Assert.Empty(Directory.GetFiles(Queue));
    }

    [Fact]
    public async Task A_failed_commit_throws_IOException_and_dispose_removes_the_message()
    {
        var spool = NewSpool();
        Directory.Delete(Queue);
        await File.WriteAllTextAsync(Queue, "a file where the queue directory should be");

        await using (var message = await spool.CreateAsync(CancellationToken.None))
        {
            await message.Content.WriteAsync(Encoding.ASCII.GetBytes(Messages.Body("doomed")));
            await Assert.ThrowsAnyAsync<IOException>(() =>
                message.CommitAsync(Messages.Envelope(message.QueueId, "alice@example.test"), CancellationToken.None).AsTask());
        }

        Assert.Empty(Directory.GetFiles(Incoming));
    }

    [Fact]
    public async Task Startup_removes_everything_that_was_never_committed()
    {
        string kept = await Messages.CommitAsync(NewSpool(), Messages.Body("kept"), "alice@example.test");
        Directory.CreateDirectory(Incoming);
        File.WriteAllText(Path.Combine(Incoming, "AAAA.eml"), "half received");
        File.WriteAllText(Path.Combine(Incoming, "BBBB.json"), "{}");
        File.WriteAllText(Path.Combine(Queue, "CCCC.eml"), "content without envelope");
        File.WriteAllText(Path.Combine(Queue, "DDDD.json"), "{}");
        File.WriteAllText(Path.Combine(Queue, kept + ".json.tmp"), "{");

        NewSpool();

        Assert.Empty(Directory.GetFiles(Incoming));
        Assert.Equal([kept + ".eml", kept + ".json"], Directory.GetFiles(Queue).Select(Path.GetFileName).Order());
    }
}
