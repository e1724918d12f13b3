using System.Text;

namespace Mizugiwa.Content.Dmarc;

/// <summary>The Punycode encoder of RFC 3492 §6.3, for turning IDN labels into A-labels without ICU.</summary>
internal static class Punycode
{
    private const int Base = 36, TMin = 1, TMax = 26, Skew = 38, Damp = 700, InitialBias = 72, InitialN = 128;

    /// <summary>The Punycode form of <paramref name="label"/> (without the "xn--" prefix).</summary>
    public static string Encode(string label)
    {
        var codePoints = new List<int>();
        foreach (var rune in label.EnumerateRunes()) codePoints.Add(rune.Value);

        var output = new StringBuilder();
        foreach (var c in codePoints)
        {
            if (c < 0x80) output.Append((char)c);
        }
        int basicCount = output.Length, handled = basicCount;
        if (basicCount > 0) output.Append('-');

        int n = InitialN, delta = 0, bias = InitialBias;
        while (handled < codePoints.Count)
        {
            var next = codePoints.Where(c => c >= n).Min();
            delta = checked(delta + (next - n) * (handled + 1));
            n = next;
            foreach (var c in codePoints)
            {
                if (c < n) delta = checked(delta + 1);
                if (c != n) continue;
                var q = delta;
                for (var k = Base; ; k += Base)
                {
                    var t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
                    if (q < t) break;
                    output.Append(Digit(t + (q - t) % (Base - t)));
                    q = (q - t) / (Base - t);
                }
                output.Append(Digit(q));
                bias = Adapt(delta, handled + 1, handled == basicCount);
                delta = 0;
                handled++;
            }
            delta++;
            n++;
        }
        return output.ToString();
    }

    private static char Digit(int d) => (char)(d < 26 ? 'a' + d : '0' + d - 26);

    private static int Adapt(int delta, int pointCount, bool first)
    {
        delta = first ? delta / Damp : delta / 2;
        delta += delta / pointCount;
        var k = 0;
        while (delta > (Base - TMin) * TMax / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }
        return k + (Base - TMin + 1) * delta / (delta + Skew);
    }
}
