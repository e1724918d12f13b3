using System.Buffers;

namespace Mizugiwa.Smtp;

/// <summary>Single-byte access to a sequence that is safe when a position sits at the end of a segment.</summary>
internal static class SequenceBytes
{
    public static byte First(ReadOnlySequence<byte> s)
    {
        Span<byte> one = stackalloc byte[1];
        s.Slice(0, 1).CopyTo(one);
        return one[0];
    }

    public static byte Last(ReadOnlySequence<byte> s)
    {
        Span<byte> one = stackalloc byte[1];
        s.Slice(s.Length - 1).CopyTo(one);
        return one[0];
    }
}
