namespace Mizugiwa.Imap.Tests.Support;

/// <summary>A test class whose tests each get a fresh Maildir and an IMAP server over it (IMAPS unless said otherwise).</summary>
public abstract class ImapServerTest(bool implicitTls = true) : IAsyncLifetime
{
    private protected TestMaildir Maildir { get; } = new();
    private protected ImapTestServer Server { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Server = new ImapTestServer(Maildir, implicitTls);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Maildir.Dispose();
    }
}
