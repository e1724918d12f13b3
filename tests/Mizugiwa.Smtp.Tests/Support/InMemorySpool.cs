using Mizugiwa.Core;

namespace Mizugiwa.Smtp.Tests.Support;

internal sealed class InMemorySpool : IMessageSpool
{
    public List<(MessageEnvelope Envelope, byte[] Content)> Committed { get; } = [];
    public bool FailCommit { get; set; }
    private int _next;

    public ValueTask<ISpooledMessage> CreateAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<ISpooledMessage>(new Message(this, $"Q{++_next:D15}"));

    private sealed class Message(InMemorySpool spool, string id) : ISpooledMessage
    {
        private readonly MemoryStream _content = new();
        public string QueueId => id;
        public Stream Content => _content;

        public ValueTask CommitAsync(MessageEnvelope envelope, CancellationToken cancellationToken)
        {
            if (spool.FailCommit) throw new IOException("disk full");
            spool.Committed.Add((envelope, _content.ToArray()));
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
