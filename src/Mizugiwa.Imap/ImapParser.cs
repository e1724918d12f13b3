using System.Globalization;
using System.Text;

namespace Mizugiwa.Imap;

/// <summary>Bad syntax: the command gets a tagged BAD naming the problem.</summary>
internal sealed class ImapSyntaxException(string message) : Exception(message);

/// <summary>
/// Walks one command's bytes (RFC 3501 §9 grammar, literals inline as <c>{n}CRLF</c> + n octets).
/// No I/O: every read either returns the next token or throws <see cref="ImapSyntaxException"/>.
/// </summary>
internal sealed class ImapParser(byte[] bytes)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private int _position;

    public bool AtEnd => _position >= bytes.Length;

    /// <summary>Where the parser is; set it back to look at a token again.</summary>
    public int Position { get => _position; set => _position = value; }

    public byte? Peek => AtEnd ? null : bytes[_position];

    public bool TryTake(char c)
    {
        if (Peek != c) return false;
        _position++;
        return true;
    }

    public void Expect(char c, string what)
    {
        if (!TryTake(c)) throw new ImapSyntaxException($"expected {what}");
    }

    public void Space() => Expect(' ', "a space");

    public void End()
    {
        if (!AtEnd) throw new ImapSyntaxException("unexpected text at the end of the command");
    }

    /// <summary>An atom: characters other than specials, up to a space, parenthesis or bracket end.</summary>
    public string Atom(string what)
    {
        int start = _position;
        while (!AtEnd && IsAtomChar(bytes[_position])) _position++;
        if (_position == start) throw new ImapSyntaxException($"expected {what}");
        return Encoding.ASCII.GetString(bytes, start, _position - start);
    }

    /// <summary>Like an atom, but '[' ... ']' sections and '&lt;…&gt;' partials stay part of it (FETCH items).</summary>
    public string FetchItemName()
    {
        int start = _position;
        while (!AtEnd && IsAtomChar(bytes[_position]) && bytes[_position] != '[') _position++;
        if (_position == start) throw new ImapSyntaxException("expected a fetch item");
        return Encoding.ASCII.GetString(bytes, start, _position - start);
    }

    public long Number(string what)
    {
        var atom = Atom(what);
        if (!atom.All(char.IsAsciiDigit) || !long.TryParse(atom, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n > uint.MaxValue)
            throw new ImapSyntaxException($"{what} must be a number");
        return n;
    }

    /// <summary>astring: atom (']' allowed), quoted string or literal.</summary>
    public string AString(string what) => Encoding.UTF8.GetString(AStringBytes(what));

    public byte[] AStringBytes(string what)
    {
        if (Peek == '"' || Peek == '{') return StringBytes(what);
        int start = _position;
        while (!AtEnd && (IsAtomChar(bytes[_position]) || bytes[_position] == ']')) _position++;
        if (_position == start) throw new ImapSyntaxException($"expected {what}");
        return bytes[start.._position];
    }

    /// <summary>A quoted string or a literal.</summary>
    public byte[] StringBytes(string what)
    {
        if (TryTake('"'))
        {
            var value = new List<byte>();
            while (true)
            {
                if (AtEnd) throw new ImapSyntaxException($"unterminated quoted string for {what}");
                byte b = bytes[_position++];
                if (b == '"') return [.. value];
                if (b is (byte)'\r' or (byte)'\n') throw new ImapSyntaxException($"line break in the quoted string for {what}");
                if (b == '\\')
                {
                    if (AtEnd || bytes[_position] is not ((byte)'"' or (byte)'\\')) throw new ImapSyntaxException($"bad escape in the quoted string for {what}");
                    b = bytes[_position++];
                }
                value.Add(b);
            }
        }
        if (TryTake('{'))
        {
            int start = _position;
            while (!AtEnd && char.IsAsciiDigit((char)bytes[_position])) _position++;
            if (_position == start || !long.TryParse(Encoding.ASCII.GetString(bytes, start, _position - start), NumberStyles.None, CultureInfo.InvariantCulture, out long size))
                throw new ImapSyntaxException($"bad literal size for {what}");
            TryTake('+');
            Expect('}', "'}' after the literal size");
            Expect('\r', "CRLF after the literal size");
            Expect('\n', "CRLF after the literal size");
            if (bytes.Length - _position < size) throw new ImapSyntaxException($"the literal for {what} is short");
            var value = bytes[_position..(_position + (int)size)];
            _position += (int)size;
            return value;
        }
        throw new ImapSyntaxException($"expected {what} as a quoted string or literal");
    }

    /// <summary>Text that must be UTF-8 (passwords, search strings).</summary>
    public string Utf8AString(string what)
    {
        try { return StrictUtf8.GetString(AStringBytes(what)); }
        catch (DecoderFallbackException) { throw new ImapSyntaxException($"{what} is not UTF-8"); }
    }

    /// <summary>A parenthesised list of atoms (flags, header field names, STATUS items).</summary>
    public List<string> AtomList(string what)
    {
        Expect('(', $"'(' to start {what}");
        var items = new List<string>();
        while (!TryTake(')'))
        {
            if (items.Count > 0) Space();
            items.Add(Peek is (byte)'"' or (byte)'{' ? AString(what) : FlagOrAtom(what));
        }
        return items;
    }

    /// <summary>
    /// One flag as the client wrote it, for <see cref="MessageFlagText.ParseRequested"/> to judge: everything up to a space
    /// or ')', so a bad keyword such as <c>$Ju%nk</c> is named whole in the BAD instead of being cut at its first special.
    /// </summary>
    public string Flag(string what)
    {
        if (Peek is (byte)'"' or (byte)'{') return AString(what);
        int start = _position;
        while (!AtEnd && bytes[_position] is not ((byte)' ' or (byte)')')) _position++;
        if (_position == start) throw new ImapSyntaxException($"expected {what}");
        return Encoding.UTF8.GetString(bytes, start, _position - start);
    }

    /// <summary>A parenthesised list of flags (STORE, APPEND), each as <see cref="Flag"/> reads it.</summary>
    public List<string> FlagList(string what)
    {
        Expect('(', $"'(' to start {what}");
        var items = new List<string>();
        while (!TryTake(')'))
        {
            if (items.Count > 0) Space();
            items.Add(Flag(what));
        }
        return items;
    }

    /// <summary>An atom that may start with a backslash (system flags).</summary>
    public string FlagOrAtom(string what)
    {
        bool flag = TryTake('\\');
        var atom = Atom(what);
        return flag ? "\\" + atom : atom;
    }

    /// <summary>Sequence set syntax (RFC 3501 §9 sequence-set): numbers, '*', ranges, commas.</summary>
    public SequenceSet SequenceSet()
    {
        int start = _position;
        while (!AtEnd && (char.IsAsciiDigit((char)bytes[_position]) || bytes[_position] is (byte)':' or (byte)',' or (byte)'*')) _position++;
        var text = Encoding.ASCII.GetString(bytes, start, _position - start);
        return Imap.SequenceSet.Parse(text);
    }

    /// <summary>True when the next token is a sequence set (a search key may be one).</summary>
    public bool AtSequenceSet => Peek is { } b && (char.IsAsciiDigit((char)b) || b == '*');

    private static bool IsAtomChar(byte b) =>
        b > 0x20 && b < 0x7f && b is not ((byte)'(' or (byte)')' or (byte)'{' or (byte)'%' or (byte)'*' or (byte)'"' or (byte)'\\' or (byte)']');

    /// <summary>Mailbox-list patterns also allow '%' and '*'.</summary>
    public string ListPattern()
    {
        if (Peek is (byte)'"' or (byte)'{') return AString("a mailbox pattern");
        int start = _position;
        while (!AtEnd && (IsAtomChar(bytes[_position]) || bytes[_position] is (byte)'%' or (byte)'*' or (byte)']')) _position++;
        if (_position == start) throw new ImapSyntaxException("expected a mailbox pattern");
        return Encoding.UTF8.GetString(bytes, start, _position - start);
    }
}
