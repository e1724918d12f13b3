using System.Buffers;
using System.IO.Pipelines;

namespace Mizugiwa.Smtp.Tests.Support;

/// <summary>
/// A PipeReader that releases its input in fixed pieces, so a test decides exactly where reads are split.
/// Like <see cref="Pipe"/>, it returns unconsumed data from TryRead and only waits (releases the next piece)
/// when everything was examined.
/// </summary>
internal sealed class ScriptedPipeReader(byte[] data, IReadOnlyList<int> boundaries) : PipeReader
{
    private int _consumed;
    private int _examined;
    private int _available = boundaries.Count > 0 ? boundaries[0] : data.Length;
    private int _nextBoundary = 1;

    public override bool TryRead(out ReadResult result)
    {
        result = Current();
        return _available > _consumed || _available == data.Length;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_examined >= _available && _available < data.Length)
            _available = _nextBoundary < boundaries.Count ? boundaries[_nextBoundary++] : data.Length;
        return ValueTask.FromResult(Current());
    }

    private ReadResult Current() =>
        new(new ReadOnlySequence<byte>(data, _consumed, _available - _consumed), false, _available == data.Length);

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _consumed = consumed.GetInteger();
        _examined = Math.Max(_consumed, examined.GetInteger());
    }

    public override void CancelPendingRead() { }

    public override void Complete(Exception? exception = null) { }
}
