using System.Buffers;
using System.Text;

namespace Mizugiwa.Policy.PolicyDelegation;

/// <summary>Writes <c>action=…</c> and the empty line that ends a reply straight into the connection's output.</summary>
internal static class PolicyReply
{
    public static void Write(IBufferWriter<byte> output, string action)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(action.Length) + 9);
        "action="u8.CopyTo(span);
        var length = 7 + Encoding.UTF8.GetBytes(action, span[7..]);
        span[length++] = (byte)'\n';
        span[length++] = (byte)'\n';
        output.Advance(length);
    }
}
