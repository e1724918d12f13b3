using System.Threading.Channels;
using Mizugiwa.Core;

namespace Mizugiwa.Storage;

/// <summary>
/// What both transaction-log backends share: sessions hand records to a bounded channel and never wait;
/// one writer task takes them in batches of up to 1,000. When the channel is full the oldest records are
/// dropped, and a batch the backend could not store is dropped too; both are counted.
/// </summary>
internal sealed class DecisionBatcher
{
    private const int BatchSize = 1000;
    private readonly Channel<DecisionRecord> _queue;
    private readonly Func<List<DecisionRecord>, Task<bool>> _store;
    private readonly Task _writer;
    private long _dropped;

    /// <param name="store">Stores one batch; false when it could not (the batch is then counted as dropped).</param>
    public DecisionBatcher(int capacity, Func<List<DecisionRecord>, Task<bool>> store)
    {
        _store = store;
        _queue = Channel.CreateBounded<DecisionRecord>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped));
        _writer = Task.Run(WriteLoopAsync);
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Record(DecisionRecord decision) => _queue.Writer.TryWrite(decision);

    /// <summary>Stops taking records and waits until those already taken are stored (or dropped).</summary>
    public async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<DecisionRecord>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var record)) batch.Add(record);
            if (!await _store(batch)) Interlocked.Add(ref _dropped, batch.Count);
            batch.Clear();
        }
    }
}
