using System.Net;
using System.Text;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Smtp;

/// <summary>
/// Postfix's XCLIENT extension (XCLIENT_README): a trusted front end or replay harness tells us the
/// real client's address, name and HELO. Only clients in the configured networks may use it; the
/// session then starts over for the new client, with the checks of connect and a new 220 greeting.
/// </summary>
internal sealed partial class SmtpSession
{
    private static readonly string[] XclientAttributes = ["NAME", "ADDR", "PORT", "PROTO", "HELO", "LOGIN", "REVERSE_NAME", "DESTADDR", "DESTPORT"];

    private bool XclientAllowed => _options.XclientNetworks.Any(n => n.Contains(_originalClient));

    private async ValueTask<SmtpReply> XclientAsync(string argument)
    {
        if (!XclientAllowed) return new SmtpReply(550, "5.7.0", "Error: insufficient authorization");
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in argument.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            var key = eq < 0 ? pair : pair[..eq];
            if (eq <= 0 || !XclientAttributes.Contains(key, StringComparer.OrdinalIgnoreCase) || !TryDecodeXtext(pair[(eq + 1)..], out var value))
                return new SmtpReply(501, "5.5.4", $"Bad XCLIENT attribute: {pair}");
            attributes[key] = value;
        }
        if (attributes.Count == 0) return Replies.SyntaxError("XCLIENT attribute=value...");

        var address = _clientIp;
        if (attributes.TryGetValue("ADDR", out var addr) && !IsUnavailable(addr))
        {
            var text = addr.StartsWith("IPV6:", StringComparison.OrdinalIgnoreCase) ? addr[5..] : addr;
            if (!IPAddress.TryParse(text, out var parsed)) return new SmtpReply(501, "5.5.4", $"Bad XCLIENT address: {addr}");
            address = parsed;
        }
        await AbortTransactionAsync();
        await EndPolicySessionAsync();
        _clientIp = address;
        _context = new SessionContext(sessionId, address);
        _authUser = null;
        if (attributes.TryGetValue("NAME", out var name))
        {
            // [UNAVAILABLE]: the front end found no verified name (S25R's "unknown"); [TEMPUNAVAIL]: its lookup failed.
            var known = name.Equals("[TEMPUNAVAIL]", StringComparison.OrdinalIgnoreCase) ? null
                : IsUnavailable(name) ? "unknown" : name.ToLowerInvariant();
            _context.ClientName = known;
            _ = _context.Start(SessionContext.ClientNameLookupKey, () => Task.FromResult(known));
        }
        _helo = attributes.TryGetValue("HELO", out var helo) && !IsUnavailable(helo) ? helo : "";
        _context.Helo = _helo.Length == 0 ? null : _helo;
        _phase = SessionPhase.Connected;
        _esmtp = false;

        _connectChecked = true;
        var verdict = await services.Policy.OnConnectAsync(Context, services.SessionEnd);
        if (verdict.IsFailure)
        {
            var refusal = verdict.Reply ?? Replies.AccessDenied;
            LogDecision("XCLIENT", "", "", "", refusal, verdict);
            throw new SessionEndException(refusal, $"refused after XCLIENT by {verdict.Check}");
        }
        var greeting = new SmtpReply(220, null, $"{_options.HostName} ESMTP Mizugiwa");
        LogDecision("XCLIENT", "", "", "", greeting);
        return greeting;
    }

    private static bool IsUnavailable(string value) =>
        value.Equals("[UNAVAILABLE]", StringComparison.OrdinalIgnoreCase) || value.Equals("[TEMPUNAVAIL]", StringComparison.OrdinalIgnoreCase);

    private static bool TryDecodeXtext(string text, out string value)
    {
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '+')
            {
                if (i + 2 >= text.Length || !byte.TryParse(text.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
                {
                    value = "";
                    return false;
                }
                bytes.Add(b);
                i += 2;
            }
            else bytes.Add((byte)text[i]);
        }
        value = Encoding.UTF8.GetString(bytes.ToArray());
        return value.Length > 0;
    }
}
