namespace Mizugiwa.Smtp;

/// <summary>RFC 3461 §4 xtext: printable ASCII except '+' and '=', with "+XX" hex escapes.</summary>
public static class Xtext
{
    public static bool IsValid(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '+')
            {
                if (i + 2 >= value.Length || !char.IsAsciiHexDigitUpper(value[i + 1]) || !char.IsAsciiHexDigitUpper(value[i + 2])) return false;
                i += 2;
            }
            else if (c < 33 || c > 126 || c == '=') return false;
        }
        return true;
    }
}
