namespace Mizugiwa.Delivery.Outbound;

/// <summary>At most N concurrent connections per destination; a destination's semaphore lives while someone holds or waits for it.</summary>
public sealed class DestinationLimiter(int limit)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (SemaphoreSlim Semaphore, int Users)> _slots = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async Task<IDisposable> AcquireAsync(string destination, CancellationToken cancellationToken)
    {
        SemaphoreSlim semaphore;
        lock (_gate)
        {
            var slot = _slots.TryGetValue(destination, out var existing) ? existing : (new SemaphoreSlim(limit, limit), 0);
            _slots[destination] = (slot.Item1, slot.Item2 + 1);
            semaphore = slot.Item1;
        }
        try
        {
            await semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(destination);
            throw;
        }
        return new Slot(this, destination, semaphore);
    }

    /// <summary>How many hold or wait for a slot of the destination (for tests).</summary>
    public int Users(string destination)
    {
        lock (_gate) return _slots.TryGetValue(destination, out var slot) ? slot.Users : 0;
    }

    private void Leave(string destination)
    {
        lock (_gate)
        {
            var slot = _slots[destination];
            if (slot.Users == 1)
            {
                _slots.Remove(destination);
                slot.Semaphore.Dispose();
            }
            else _slots[destination] = (slot.Semaphore, slot.Users - 1);
        }
    }

    private sealed class Slot(DestinationLimiter owner, string destination, SemaphoreSlim semaphore) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            semaphore.Release();
            owner.Leave(destination);
        }
    }
}
