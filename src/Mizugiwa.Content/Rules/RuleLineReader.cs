using System.Text;

namespace Mizugiwa.Content.Rules;

/// <summary>
/// Splits one rule line into tokens: words, /regex/flags (a '/' inside is written "\/"), and
/// "quoted text" (with \" and \\). A '#' where a token would start begins a comment.
/// </summary>
internal sealed class RuleLineReader(string line, Func<string, Exception> error)
{
    private int _position;

    public bool AtEnd
    {
        get
        {
            while (_position < line.Length && char.IsWhiteSpace(line[_position])) _position++;
            return _position >= line.Length || line[_position] == '#';
        }
    }

    public bool NextIsRegex => !AtEnd && line[_position] == '/';

    public string Word(string what)
    {
        if (AtEnd) throw error($"expected {what}");
        var start = _position;
        while (_position < line.Length && !char.IsWhiteSpace(line[_position])) _position++;
        return line[start.._position];
    }

    public string? PeekWord()
    {
        if (AtEnd) return null;
        var end = _position;
        while (end < line.Length && !char.IsWhiteSpace(line[end])) end++;
        return line[_position..end];
    }

    public (string Pattern, string Flags) Regex()
    {
        if (!NextIsRegex) throw error(AtEnd ? "expected a /regex/" : $"expected a /regex/, found '{PeekWord()}'");
        var pattern = new StringBuilder();
        _position++;
        while (true)
        {
            if (_position >= line.Length) throw error("unterminated /regex/ (write a '/' inside it as \\/)");
            var c = line[_position++];
            if (c == '/') break;
            pattern.Append(c);
            if (c == '\\' && _position < line.Length) pattern.Append(line[_position++]);
        }
        var flagsStart = _position;
        while (_position < line.Length && char.IsLetter(line[_position])) _position++;
        if (_position < line.Length && !char.IsWhiteSpace(line[_position]))
            throw error($"unexpected '{line[_position]}' after /regex/");
        return (pattern.ToString(), line[flagsStart.._position]);
    }

    public string Quoted()
    {
        if (AtEnd || line[_position] != '"') throw error("expected \"quoted text\"");
        var text = new StringBuilder();
        _position++;
        while (true)
        {
            if (_position >= line.Length) throw error("unterminated \"quoted text\"");
            var c = line[_position++];
            if (c == '"') return text.ToString();
            if (c == '\\' && _position < line.Length) c = line[_position++];
            text.Append(c);
        }
    }
}
