using System.Buffers;
using System.Text;

namespace Mizugiwa.Policy.PolicyDelegation;

/// <summary>
/// Reads policy requests (SMTPD_POLICY_README): <c>name=value</c> lines ending in LF (a CR before it
/// is tolerated), the request ending with an empty line. One parser per connection: complete lines
/// are taken out of the buffer as they arrive, so the caller never holds more than one partial line,
/// and a request may be split across any number of reads. Values are UTF-8 (invalid bytes become U+FFFD).
/// </summary>
public sealed class PolicyRequestParser(PolicyDelegationOptions options)
{
    private Dictionary<string, string> _attributes = new(StringComparer.Ordinal);

    /// <summary>The request, after <see cref="Parse"/> said <see cref="PolicyParseResult.Complete"/>.</summary>
    public PolicyRequest? Request { get; private set; }

    /// <summary>Why the input was refused, for the log.</summary>
    public string? Error { get; private set; }

    /// <summary>Whether part of a request has been read (the request timeout runs from here).</summary>
    public bool InRequest => _attributes.Count > 0;

    /// <summary>
    /// Takes complete lines from <paramref name="buffer"/> until a request is complete, the input is
    /// refused, or only a partial line is left (which stays in the buffer).
    /// </summary>
    public PolicyParseResult Parse(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n', advancePastDelimiter: true))
            {
                return buffer.Length > options.MaxLineLength + 1
                    ? Fail(PolicyParseResult.LineTooLong, $"line longer than {options.MaxLineLength} bytes")
                    : PolicyParseResult.NeedMore;
            }
            buffer = buffer.Slice(reader.Position);
            if (line.Length > 0 && EndsWithCarriageReturn(line)) line = line.Slice(0, line.Length - 1);
            if (line.Length > options.MaxLineLength)
                return Fail(PolicyParseResult.LineTooLong, $"line longer than {options.MaxLineLength} bytes");

            if (line.Length == 0)
            {
                if (_attributes.Count == 0) return Fail(PolicyParseResult.Malformed, "empty request");
                Request = new PolicyRequest(_attributes);
                _attributes = new Dictionary<string, string>(StringComparer.Ordinal);
                return PolicyParseResult.Complete;
            }
            if (_attributes.Count >= options.MaxAttributes)
                return Fail(PolicyParseResult.TooManyAttributes, $"more than {options.MaxAttributes} attributes");

            var equals = line.PositionOf((byte)'=');
            if (equals is null) return Fail(PolicyParseResult.Malformed, "attribute line without '='");
            var name = Encoding.UTF8.GetString(line.Slice(0, equals.Value));
            var value = Encoding.UTF8.GetString(line.Slice(line.GetPosition(1, equals.Value)));
            if (name.Length == 0) return Fail(PolicyParseResult.Malformed, "attribute without a name");
            if (!_attributes.TryAdd(name, value)) return Fail(PolicyParseResult.Malformed, $"attribute '{Printable(name)}' given twice");
        }
    }

    private PolicyParseResult Fail(PolicyParseResult result, string error)
    {
        Error = error;
        return result;
    }

    private static bool EndsWithCarriageReturn(ReadOnlySequence<byte> line)
    {
        var last = line.Slice(line.Length - 1);
        return last.FirstSpan[0] == (byte)'\r';
    }

    /// <summary>A name as it may go into a log line: at most 64 characters, control characters as '?'.</summary>
    internal static string Printable(string text)
    {
        var shortened = text.Length > 64 ? text[..64] + "…" : text;
        return string.Create(shortened.Length, shortened, (span, source) =>
        {
            for (int i = 0; i < source.Length; i++) span[i] = char.IsControl(source[i]) ? '?' : source[i];
        });
    }
}
