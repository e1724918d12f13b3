using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery.Tests;

public sealed class FileSpoolTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly GroupCommitter _committer = new();

    public void Dispose()
    {
        _committer.Dispose();
        _dir.Dispose();
    }

    private string Queue => Path.Combine(_dir.Path, "queue");

    private FileSpool NewSpool() => new(_dir.Path, _committer, Messages.Clock(), NullLogger<FileSpool>.Instance);

    [Fact]
    public async Task Commit_appends_the_envelope_trailer_to_the_queue_file_and_announces_it()
    {
        var spool = NewSpool();
        var announced = new List<string>();
        spool.Committed += (_, id) => announced.Add(id);

        string id = await Messages.CommitAsync(spool, Messages.Body("hi"), "alice@example.test");

        Assert.Equal([id], announced);
        Assert.Equal([id + ".msg"], Directory.GetFiles(Queue).Select(Path.GetFileName));
        byte[] file = await File.ReadAllBytesAsync(Path.Combine(Queue, id + ".msg"));
        int body = Encoding.ASCII.GetByteCount(Messages.Body("hi"));
        Assert.Equal(Messages.Body("hi"), Encoding.ASCII.GetString(file, 0, body));
        Assert.Equal("MZQUEUE1", Encoding.ASCII.GetString(file[^8..]));
        long jsonLength = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(file.Length - 16));
        Assert.Equal(file.Length - 16 - body, jsonLength);
        using var json = JsonDocument.Parse(file.AsMemory(body, (int)jsonLength));
        Assert.Equal(id, json.RootElement.GetProperty("queueId").GetString());
        var recipient = json.RootElement.GetProperty("recipients")[0];
        Assert.Equal("alice@example.test", recipient.GetProperty("mailbox").GetString());
        Assert.Equal("Success, Failure", recipient.GetProperty("notify").GetString());

        var queued = QueueFile.Read(Path.Combine(Queue, id + ".msg"))!;
        Assert.Equal(body, queued.ContentLength);
        Assert.Equal(id, queued.Envelope.QueueId);
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
            Assert.Single(Directory.GetFiles(Queue));
        }

        Assert.Empty(announced);
        Assert.Empty(Directory.GetFiles(Queue));
    }

    [Fact]
    public async Task A_commit_that_cannot_be_synced_throws_IOException_and_dispose_removes_the_message()
    {
        var spool = NewSpool();
        var announced = new List<string>();
        spool.Committed += (_, id) => announced.Add(id);

        await using (var message = await spool.CreateAsync(CancellationToken.None))
        {
            await message.Content.WriteAsync(Encoding.ASCII.GetBytes(Messages.Body("doomed")));
            _committer.Dispose();
            await Assert.ThrowsAnyAsync<IOException>(() =>
                message.CommitAsync(Messages.Envelope(message.QueueId, "alice@example.test"), CancellationToken.None).AsTask());
        }

        Assert.Empty(announced);
        Assert.Empty(Directory.GetFiles(Queue));
    }

    [Fact]
    public async Task Startup_removes_what_was_never_committed_and_finished_delivery_records()
    {
        string kept = await Messages.CommitAsync(NewSpool(), Messages.Body("kept"), "alice@example.test", "bob@example.test");
        string truncated = await Messages.CommitAsync(NewSpool(), Messages.Body("truncated"), "alice@example.test");
        string foreign = await Messages.CommitAsync(NewSpool(), Messages.Body("renamed"), "alice@example.test");
        using (var file = new FileStream(Path.Combine(Queue, truncated + ".msg"), FileMode.Open)) file.SetLength(file.Length - 3);
        File.Move(Path.Combine(Queue, foreign + ".msg"), Path.Combine(Queue, "FOREIGN.msg"));
        File.WriteAllText(Path.Combine(Queue, "HALF.msg"), Messages.Body("half received"));
        File.WriteAllText(Path.Combine(Queue, "EMPTY.msg"), "");
        File.WriteAllText(Path.Combine(Queue, kept + ".done"), "alice@example.test\n");
        File.WriteAllText(Path.Combine(Queue, "GONE.done"), "alice@example.test\n");
        File.WriteAllText(Path.Combine(Queue, "notes.txt"), "not ours");

        var spool = NewSpool();

        Assert.Equal([kept + ".done", kept + ".msg", "notes.txt"], Directory.GetFiles(Queue).Select(Path.GetFileName).Order());
        Assert.Equal([kept], spool.QueuedIds());
    }

    [Fact]
    public async Task Messages_still_being_received_are_not_listed_as_queued()
    {
        var spool = NewSpool();
        string committed = await Messages.CommitAsync(spool, Messages.Body("done"), "alice@example.test");

        await using var receiving = await spool.CreateAsync(CancellationToken.None);
        await receiving.Content.WriteAsync(Encoding.ASCII.GetBytes(Messages.Body("arriving")));
        await receiving.Content.FlushAsync();

        Assert.Equal([committed], spool.QueuedIds());
    }
}
