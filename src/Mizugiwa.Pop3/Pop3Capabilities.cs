namespace Mizugiwa.Pop3;

/// <summary>
/// The CAPA list (RFC 2449): what this session can do now. Login (USER, SASL) is listed only where it is
/// taken, so before STLS a client sees STLS and no login (RFC 2595 §4).
/// </summary>
internal static class Pop3Capabilities
{
    public static IEnumerable<string> For(Pop3State state, bool loginAllowed, bool stlsOffered)
    {
        yield return "TOP";
        yield return "UIDL";
        yield return "RESP-CODES";
        yield return "AUTH-RESP-CODE";
        yield return "PIPELINING";
        if (state == Pop3State.Authorization)
        {
            if (stlsOffered) yield return "STLS";
            if (loginAllowed)
            {
                yield return "USER";
                yield return "SASL PLAIN";
            }
        }
        yield return "IMPLEMENTATION Mizugiwa";
    }
}
