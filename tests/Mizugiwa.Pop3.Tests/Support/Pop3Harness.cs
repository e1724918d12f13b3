using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Mailbox;
using Mizugiwa.Policy.Tests.Flow;
using Mizugiwa.Smtp.Sasl;
using Mizugiwa.Testing;

namespace Mizugiwa.Pop3.Tests.Support;

/// <summary>
/// Sessions over in-memory pipes (no TLS, so plaintext login is allowed unless a test says otherwise), a temporary
/// mail root, the fake directory and an in-memory state store on a fake clock.
/// </summary>
internal sealed class Pop3Harness : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mizugiwa-pop3-");
    private int _sessions;

    public Pop3Harness(Func<Pop3SessionOptions, Pop3SessionOptions>? configure = null, SmtpAuthOptions? auth = null)
    {
        var options = new Pop3SessionOptions { MailRoot = _root.FullName, HostName = "mx.example.test", AllowPlaintextAuth = true };
        Options = configure?.Invoke(options) ?? options;
        AuthOptions = auth ?? new SmtpAuthOptions { FailureDelayStep = TimeSpan.Zero, LockoutAfterFailures = 3 };
        Store = new InMemoryStateStore(Time);
        Gate = new PasswordCheckGate(Credentials, 2, TimeSpan.FromSeconds(10), TimeProvider.System);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 5, 3, 0, 0, TimeSpan.Zero));
    public FakeCredentials Credentials { get; } = new();
    public InMemoryStateStore Store { get; }
    public ListLogger<Pop3Session> Logger { get; } = new();
    public Pop3SessionOptions Options { get; }
    public SmtpAuthOptions AuthOptions { get; }
    public PasswordCheckGate Gate { get; }
    public CancellationTokenSource Shutdown { get; } = new();

    public string MaildirOf(string account) => MaildirLayout.PathFor(_root.FullName, account);

    /// <summary>Puts a message into new/ (or cur/ with flags) under a unique name; returns the file name.</summary>
    public string Deliver(string account, string content, string name, string folder = "new", DateTime? written = null)
    {
        var maildir = MaildirOf(account);
        foreach (var sub in new[] { "tmp", "new", "cur" }) Directory.CreateDirectory(Path.Combine(maildir, sub));
        var path = Path.Combine(maildir, folder, name);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(content));
        File.SetLastWriteTimeUtc(path, written ?? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(Directory.GetFiles(Path.Combine(maildir, folder)).Length));
        return name;
    }

    public IEnumerable<string> Files(string account, string folder) =>
        Directory.Exists(Path.Combine(MaildirOf(account), folder))
            ? Directory.GetFiles(Path.Combine(MaildirOf(account), folder)).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal)
            : [];

    public async Task<Pop3Client> ConnectAsync(bool readGreeting = true)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var transport = new Pop3Transport(new DuplexPipe(toServer.Reader, toClient.Writer), Time, Shutdown.Token);
        var services = new Pop3Services
        {
            Options = Options,
            Passwords = Gate,
            Guard = new AuthGuard(Store, AuthOptions),
            Time = Time,
            Logger = Logger,
            SessionEnd = Shutdown.Token,
        };
        var session = new Pop3Session(transport, new IPEndPoint(IPAddress.Parse("192.0.2.7"), 40000), $"s{++_sessions}", services);
        var run = Task.Run(async () =>
        {
            try { await session.RunAsync(); }
            finally
            {
                await transport.DisposeAsync();
                await toClient.Writer.CompleteAsync();
            }
        });
        var client = new Pop3Client(toServer.Writer, toClient.Reader, run);
        if (readGreeting) Assert.StartsWith("+OK ", await client.ReadLineAsync());
        return client;
    }

    /// <summary>A client logged in as alice with USER/PASS.</summary>
    public async Task<Pop3Client> LoginAsync(string user = FakeCredentials.Alice, string password = FakeCredentials.AlicePassword)
    {
        var client = await ConnectAsync();
        Assert.StartsWith("+OK", await client.CommandAsync($"USER {user}"));
        var reply = await client.CommandAsync($"PASS {password}");
        Assert.True(reply.StartsWith("+OK", StringComparison.Ordinal), reply);
        return client;
    }

    /// <summary>
    /// Moves the fake clock on by <paramref name="step"/> until <paramref name="reply"/> arrives (bounded): the session
    /// arms its timer only when it starts to wait, which the test cannot see, so one step may come too early.
    /// </summary>
    public async Task<T> AdvanceUntilAsync<T>(Task<T> reply, TimeSpan step)
    {
        for (int i = 0; i < 50 && !reply.IsCompleted; i++)
        {
            Time.Advance(step);
            await Task.WhenAny(reply, Task.Delay(100));
        }
        return await reply;
    }

    public void Dispose()
    {
        Gate.Dispose();
        Shutdown.Dispose();
        _root.Delete(recursive: true);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
