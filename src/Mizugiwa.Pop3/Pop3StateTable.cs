namespace Mizugiwa.Pop3;

/// <summary>RFC 1939 §3: a session is in the AUTHORIZATION state until it logs in, then in TRANSACTION until QUIT.</summary>
internal enum Pop3State { Authorization, Transaction }

/// <summary>Which commands each state takes; a known command in the wrong state gets "-ERR … not allowed now".</summary>
internal static class Pop3StateTable
{
    private static readonly HashSet<string> Authorization = ["CAPA", "USER", "PASS", "AUTH", "STLS", "QUIT"];
    private static readonly HashSet<string> Transaction = ["CAPA", "STAT", "LIST", "UIDL", "RETR", "TOP", "DELE", "RSET", "NOOP", "QUIT"];

    public static bool IsKnown(string keyword) => Authorization.Contains(keyword) || Transaction.Contains(keyword);

    public static bool IsAllowed(Pop3State state, string keyword) =>
        (state == Pop3State.Authorization ? Authorization : Transaction).Contains(keyword);
}
