using System.Security.Cryptography;

namespace Mizugiwa.Core;

/// <summary>Queue ids: time-ordered, unique across restarts and nodes, safe as file names.</summary>
public static class QueueId
{
    private const string Alphabet = "0123456789BCDFGHJKLMNPQRSTVWXYZ"; // no vowels: ids never spell words

    public static string New(TimeProvider time)
    {
        Span<char> chars = stackalloc char[16];
        ulong micros = (ulong)(time.GetUtcNow().ToUnixTimeMilliseconds() * 1000L);
        for (int i = 9; i >= 0; i--) { chars[i] = Alphabet[(int)(micros % 31)]; micros /= 31; }
        Span<byte> random = stackalloc byte[6];
        RandomNumberGenerator.Fill(random);
        for (int i = 0; i < 6; i++) chars[10 + i] = Alphabet[random[i] % 31];
        return new string(chars);
    }

    public static bool IsValid(string id) => id.Length == 16 && id.All(c => Alphabet.Contains(c));
}
