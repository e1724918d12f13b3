namespace Mizugiwa.Storage.State;

/// <summary>
/// One sliding-window counter of the embedded store: a ring of <see cref="WindowBuckets.Count"/>
/// buckets. Not thread-safe by itself: the owner locks it, and marks it <see cref="Removed"/> when the
/// sweep takes it out of the map so that a caller holding it looks it up again.
/// </summary>
internal sealed class SlidingWindow
{
    private readonly WindowBuckets _shape;
    private readonly long[] _bucket;
    private readonly long[] _count;

    public SlidingWindow(WindowBuckets shape)
    {
        _shape = shape;
        _bucket = new long[shape.Count];
        _count = new long[shape.Count];
        Array.Fill(_bucket, long.MinValue);
    }

    public long NewestBucket { get; private set; } = long.MinValue;
    public bool Removed { get; set; }

    public long Add(long current, long amount)
    {
        // A clock that steps back counts into the newest bucket rather than overwrite a newer one.
        var bucket = Math.Max(current, NewestBucket);
        var slot = SlotOf(bucket);
        if (_bucket[slot] != bucket)
        {
            _bucket[slot] = bucket;
            _count[slot] = 0;
        }
        _count[slot] += amount;
        NewestBucket = bucket;
        return Sum(bucket);
    }

    public long Sum(long current)
    {
        var oldest = _shape.OldestFor(current);
        long sum = 0;
        for (int i = 0; i < _bucket.Length; i++)
        {
            if (_bucket[i] >= oldest && _bucket[i] <= current) sum += _count[i];
        }
        return sum;
    }

    public bool IsExpired(long current) => NewestBucket < _shape.OldestFor(current);

    private int SlotOf(long bucket) => (int)(((bucket % _bucket.Length) + _bucket.Length) % _bucket.Length);
}
