using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mizugiwa.Delivery.Tests;

public sealed class QueueManagerTests : IAsyncLifetime
{
    private static readonly QueueManagerOptions Options = new(3, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = Messages.Clock();
    private readonly List<QueueManager> _managers = [];

    private string SpoolDirectory => Path.Combine(_dir.Path, "spool");
    private string MailRoot => Path.Combine(_dir.Path, "mail");
    private string Queue => Path.Combine(SpoolDirectory, "queue");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var manager in _managers)
        {
            await manager.StopAsync(CancellationToken.None);
            manager.Dispose();
        }
        _dir.Dispose();
    }

    private FileSpool NewSpool() => new(SpoolDirectory, _time, NullLogger<FileSpool>.Instance);

    private async Task<QueueManager> StartAsync(FileSpool spool)
    {
        var manager = new QueueManager(spool, MailRoot, Options, _time, NullLogger<QueueManager>.Instance);
        _managers.Add(manager);
        await manager.StartAsync(CancellationToken.None);
        return manager;
    }

    private static Task IdleAsync(QueueManager manager) => manager.WaitForIdleAsync(CancellationToken.None).WaitAsync(Messages.Timeout);

    private string[] Delivered(string mailbox) => Directory.GetFiles(Path.Combine(MailRoot, mailbox, "new"));

    private void Block(string mailbox)
    {
        Directory.CreateDirectory(Path.Combine(MailRoot, "example.test"));
        File.WriteAllText(Path.Combine(MailRoot, mailbox), "a file where the Maildir should be");
    }

    [Fact]
    public async Task Delivers_to_every_recipient_and_empties_the_queue()
    {
        var spool = NewSpool();
        var manager = await StartAsync(spool);

        await Messages.CommitAsync(spool, Messages.Body("hi"), "alice@example.test", "bob@example.test", "postmaster");
        await IdleAsync(manager);

        foreach (var maildir in new[] { "example.test/alice", "example.test/bob", "postmaster" })
        {
            string file = Assert.Single(Delivered(maildir));
            Assert.Equal(Messages.Body("hi"), await File.ReadAllTextAsync(file));
            Assert.Empty(Directory.GetFiles(Path.Combine(MailRoot, maildir, "tmp")));
        }
        Assert.Empty(Directory.GetFiles(Queue));
        Assert.Equal(0, manager.PendingCount);
    }

    [Fact]
    public async Task Delivers_concurrent_messages_under_unique_names()
    {
        var spool = NewSpool();
        var manager = await StartAsync(spool);

        for (int i = 0; i < 10; i++) await Messages.CommitAsync(spool, Messages.Body($"message {i}"), "alice@example.test");
        await IdleAsync(manager);

        var bodies = await Task.WhenAll(Delivered("example.test/alice").Select(f => File.ReadAllTextAsync(f)));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => Messages.Body($"message {i}")).Order(), bodies.Order());
    }

    [Fact]
    public async Task Recovers_messages_left_in_the_queue()
    {
        await Messages.CommitAsync(NewSpool(), Messages.Body("before the crash"), "alice@example.test");

        var manager = await StartAsync(NewSpool());
        await IdleAsync(manager);

        Assert.Equal(Messages.Body("before the crash"), await File.ReadAllTextAsync(Assert.Single(Delivered("example.test/alice"))));
        Assert.Empty(Directory.GetFiles(Queue));
    }

    [Fact]
    public async Task Does_not_redeliver_recipients_already_delivered_before_a_restart()
    {
        string id = await Messages.CommitAsync(NewSpool(), Messages.Body("half done"), "alice@example.test", "bob@example.test");
        string envelopePath = Path.Combine(Queue, id + ".json");
        var envelope = (await EnvelopeFile.ReadAsync(envelopePath, CancellationToken.None))!;
        envelope.Recipients[0].Delivered = true;
        await EnvelopeFile.ReplaceAsync(envelopePath, envelope, CancellationToken.None);

        var manager = await StartAsync(NewSpool());
        await IdleAsync(manager);

        Assert.False(Directory.Exists(Path.Combine(MailRoot, "example.test", "alice")));
        Assert.Single(Delivered("example.test/bob"));
        Assert.Empty(Directory.GetFiles(Queue));
    }

    [Fact]
    public async Task A_failed_recipient_is_retried_after_the_delay_and_others_are_not_redelivered()
    {
        Block("example.test/bob");
        var spool = NewSpool();
        var manager = await StartAsync(spool);

        string id = await Messages.CommitAsync(spool, Messages.Body("retry"), "alice@example.test", "bob@example.test");
        await IdleAsync(manager);

        Assert.Single(Delivered("example.test/alice"));
        Assert.Equal(1, manager.PendingCount);
        var envelope = (await EnvelopeFile.ReadAsync(Path.Combine(Queue, id + ".json"), CancellationToken.None))!;
        Assert.True(envelope.Recipients[0].Delivered);
        Assert.False(envelope.Recipients[1].Delivered);
        Assert.Equal(1, envelope.Recipients[1].Attempts);
        Assert.NotNull(envelope.Recipients[1].LastError);

        File.Delete(Path.Combine(MailRoot, "example.test", "bob"));
        _time.Advance(Options.MinRetryDelay - TimeSpan.FromSeconds(1));
        await IdleAsync(manager);
        Assert.Equal(1, manager.PendingCount);
        Assert.False(Directory.Exists(Path.Combine(MailRoot, "example.test", "bob")));

        _time.Advance(TimeSpan.FromSeconds(1));
        await IdleAsync(manager);

        Assert.Equal(0, manager.PendingCount);
        Assert.Single(Delivered("example.test/alice"));
        Assert.Single(Delivered("example.test/bob"));
        Assert.Empty(Directory.GetFiles(Queue));
    }

    [Fact]
    public async Task The_retry_delay_doubles_with_each_attempt()
    {
        Block("example.test/bob");
        var spool = NewSpool();
        var manager = await StartAsync(spool);
        string id = await Messages.CommitAsync(spool, Messages.Body("stubborn"), "bob@example.test");
        await IdleAsync(manager);

        _time.Advance(TimeSpan.FromMinutes(1));
        await IdleAsync(manager);
        _time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        await IdleAsync(manager);
        var envelope = (await EnvelopeFile.ReadAsync(Path.Combine(Queue, id + ".json"), CancellationToken.None))!;
        Assert.Equal(2, envelope.Recipients[0].Attempts);

        _time.Advance(TimeSpan.FromSeconds(1));
        await IdleAsync(manager);
        envelope = (await EnvelopeFile.ReadAsync(Path.Combine(Queue, id + ".json"), CancellationToken.None))!;
        Assert.Equal(3, envelope.Recipients[0].Attempts);
        Assert.Equal(1, manager.PendingCount);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(7, 60)]
    [InlineData(1000, 60)]
    public void Retry_delay_doubles_up_to_the_maximum(int attempts, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), Options.RetryDelay(attempts));
}
