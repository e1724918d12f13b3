namespace Mizugiwa.Storage.State;

internal sealed partial class WindowTable
{
    /// <summary>Drops one counter; an Add racing with this starts a new one (marked Removed, the old one is never written again).</summary>
    public bool Remove(string key, TimeSpan window)
    {
        if (!_windows.TryGetValue((key, (long)window.TotalMilliseconds), out var counter)) return false;
        lock (counter)
        {
            counter.Removed = true;
            return _windows.TryRemove(new KeyValuePair<(string, long), SlidingWindow>((key, (long)window.TotalMilliseconds), counter));
        }
    }
}
