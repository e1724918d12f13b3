using System.Buffers;
using System.IO.Pipelines;

namespace Mizugiwa.Smtp.Tests.Support;

/// <summary>
/// A PipeReader that releases its input in fixed pieces, so a test decides exactly where reads are split.
/// Each piece is its own memory segment, as in a real pipe, so code that mishandles segment edges fails here.
/// Like <see cref="Pipe"/>, it returns unconsumed data from TryRead and only waits (releases the next piece)
/// when everything was examined.
/// </summary>
internal sealed class ScriptedPipeReader : PipeReader
{
    private readonly List<Segment> _segments = [];
    private readonly long _length;
    private long _consumed;
    private long _examined;
    private int _released = 1;

    public ScriptedPipeReader(byte[] data, IReadOnlyList<int> boundaries)
    {
        int start = 0;
        foreach (var end in boundaries.Where(b => b > 0 && b < data.Length).Append(data.Length))
        {
            if (end <= start) continue;
            var segment = new Segment(data.AsMemory(start, end - start), start);
            if (_segments.Count > 0) _segments[^1].SetNext(segment);
            _segments.Add(segment);
            start = end;
        }
        if (_segments.Count == 0) _segments.Add(new Segment(Memory<byte>.Empty, 0));
        _length = data.Length;
    }

    private long Available => _segments[_released - 1].RunningIndex + _segments[_released - 1].Memory.Length;

    public override bool TryRead(out ReadResult result)
    {
        result = Current();
        return Available > _consumed || Available == _length;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_examined >= Available && _released < _segments.Count) _released++;
        return ValueTask.FromResult(Current());
    }

    private ReadResult Current()
    {
        var (startSegment, startIndex) = Locate(_consumed);
        var last = _segments[_released - 1];
        var sequence = new ReadOnlySequence<byte>(startSegment, startIndex, last, last.Memory.Length);
        return new ReadResult(sequence, false, Available == _length);
    }

    private (Segment, int) Locate(long offset)
    {
        for (int i = 0; i < _released; i++)
        {
            var s = _segments[i];
            if (offset < s.RunningIndex + s.Memory.Length || i == _released - 1) return (s, (int)(offset - s.RunningIndex));
        }
        throw new InvalidOperationException("offset beyond released data");
    }

    private static long Offset(SequencePosition position) =>
        ((Segment)position.GetObject()!).RunningIndex + position.GetInteger();

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _consumed = Offset(consumed);
        _examined = Math.Max(_consumed, Offset(examined));
    }

    public override void CancelPendingRead() { }

    public override void Complete(Exception? exception = null) { }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
