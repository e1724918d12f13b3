namespace Mizugiwa.Delivery.Tests;

/// <summary>A file whose fsync waits for the test to open a gate: it holds the committer's thread mid-batch.</summary>
internal sealed class GateStream(string path) : FileStream(path, FileMode.Create, FileAccess.Write)
{
    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _gate = new();

    /// <summary>Waits (bounded) until the committer is inside this file's fsync.</summary>
    public void WaitUntilSyncing()
    {
        if (!_entered.Wait(Messages.Timeout)) throw new TimeoutException("the committer never synced the gate file");
    }

    public void Open() => _gate.Set();

    public override void Flush(bool flushToDisk)
    {
        _entered.Set();
        if (!_gate.Wait(Messages.Timeout)) throw new TimeoutException("the gate was never opened");
        base.Flush(flushToDisk);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _entered.Dispose();
            _gate.Dispose();
        }
    }
}
