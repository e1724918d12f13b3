using System.Security.Cryptography;
using System.Text;

namespace Mizugiwa.Smtp.Sasl;

/// <summary>
/// SCRAM-SHA-256 (RFC 5802, RFC 7677), server side, without channel binding (we do not offer -PLUS).
/// client-first → server-first (nonce, salt, iterations) → client-final with proof → server-final
/// with the server signature (sent as a 334 challenge, RFC 4954 §4) → empty answer → success.
/// An unknown user or an account without SCRAM keys goes through the same exchange with made-up keys
/// and fails at the proof, so the exchange does not tell which users exist.
/// </summary>
internal sealed class ScramSha256Exchange(ICredentialVerifier verifier, Func<string>? serverNonce = null) : ISaslExchange
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private static readonly byte[] FakeKeySecret = RandomNumberGenerator.GetBytes(32);

    private enum State { Start, ClientFirst, ClientFinal, Verified, Done }

    private State _state = State.Start;
    private string _gs2Header = "";
    private string _clientFirstBare = "";
    private string _serverFirst = "";
    private string _nonce = "";
    private string? _user;
    private ScramCredentials? _credentials;
    private bool _real;

    public async ValueTask<SaslStep> StepAsync(byte[]? response, CancellationToken cancellationToken)
    {
        switch (_state)
        {
            case State.Start when response is null:
                _state = State.ClientFirst;
                return SaslStep.Ask([]);
            case State.Start:
            case State.ClientFirst:
                return await ClientFirstAsync(response ?? [], cancellationToken);
            case State.ClientFinal:
                return ClientFinal(response ?? []);
            case State.Verified:
                _state = State.Done;
                // RFC 5802 §5: nothing more may come from the client; anything but an empty answer is a failure.
                return response is { Length: 0 } ? SaslStep.Succeeded(_credentials!.Account) : SaslStep.Failed(_user);
            default:
                return SaslStep.Failed(_user);
        }
    }

    private async ValueTask<SaslStep> ClientFirstAsync(byte[] response, CancellationToken cancellationToken)
    {
        _state = State.ClientFinal;
        if (!TryText(response, out var message)) return SaslStep.Failed(null);
        // gs2-header: gs2-cbind-flag "," [ authzid ] ","
        var parts = message.Split(',', 3);
        if (parts.Length != 3 || parts[0] is not ("n" or "y")) return SaslStep.Failed(null);
        var bare = parts[2];
        var attributes = bare.Split(',');
        if (attributes.Length < 2 || !attributes[0].StartsWith("n=", StringComparison.Ordinal) || !attributes[1].StartsWith("r=", StringComparison.Ordinal))
            return SaslStep.Failed(null);
        var user = DecodeSaslName(attributes[0][2..]);
        var clientNonce = attributes[1][2..];
        if (user is null || user.Length is 0 or > 255 || clientNonce.Length is 0 or > 256 || !clientNonce.All(c => c > ' ' && c < 127 && c != ','))
            return SaslStep.Failed(null);
        _user = user;
        if (parts[1].Length > 0)
        {
            var authzid = parts[1].StartsWith("a=", StringComparison.Ordinal) ? DecodeSaslName(parts[1][2..]) : null;
            if (authzid is null || !authzid.Equals(user, StringComparison.OrdinalIgnoreCase)) return SaslStep.Failed(user);
        }
        // Mandatory extensions we do not know (m=) must fail the exchange (RFC 5802 §5.1).
        if (attributes.Skip(2).Any(a => a.StartsWith("m=", StringComparison.Ordinal))) return SaslStep.Failed(user);

        try
        {
            _credentials = await verifier.GetScramCredentialsAsync(user, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return SaslStep.Unavailable(user);
        }
        _real = _credentials is not null;
        _credentials ??= FakeCredentials(user);
        _gs2Header = $"{parts[0]},{parts[1]},";
        _clientFirstBare = bare;
        _nonce = clientNonce + (serverNonce?.Invoke() ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(_credentials.Salt)},i={_credentials.Iterations}";
        return SaslStep.Ask(Encoding.ASCII.GetBytes(_serverFirst), user);
    }

    private SaslStep ClientFinal(byte[] response)
    {
        if (!TryText(response, out var message)) return Fail();
        int proofAt = message.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0) return Fail();
        var withoutProof = message[..proofAt];
        var attributes = withoutProof.Split(',');
        if (attributes.Length < 2 || attributes[0] != "c=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(_gs2Header))
            || attributes[1] != "r=" + _nonce) return Fail();
        byte[] proof;
        try { proof = Convert.FromBase64String(message[(proofAt + 3)..]); }
        catch (FormatException) { return Fail(); }
        if (proof.Length != 32) return Fail();

        var credentials = _credentials!;
        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{_serverFirst},{withoutProof}");
        var clientSignature = HMACSHA256.HashData(credentials.StoredKey, authMessage);
        var clientKey = new byte[32];
        for (int i = 0; i < 32; i++) clientKey[i] = (byte)(proof[i] ^ clientSignature[i]);
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(clientKey), credentials.StoredKey) || !_real) return Fail();

        _state = State.Verified;
        var serverSignature = HMACSHA256.HashData(credentials.ServerKey, authMessage);
        return SaslStep.Ask(Encoding.ASCII.GetBytes("v=" + Convert.ToBase64String(serverSignature)), _user);
    }

    private SaslStep Fail()
    {
        _state = State.Done;
        return SaslStep.Failed(_user);
    }

    /// <summary>Stable per user for this process, so repeated probes see the same salt as for a real account.</summary>
    private static ScramCredentials FakeCredentials(string user)
    {
        var salt = HMACSHA256.HashData(FakeKeySecret, Encoding.UTF8.GetBytes(user.ToLowerInvariant()))[..16];
        return new ScramCredentials(user, salt, ScramCredentials.DefaultIterations, RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
    }

    /// <summary>saslname: "=2C" is ',' and "=3D" is '='; any other '=' is an error (RFC 5802 §5.1).</summary>
    internal static string? DecodeSaslName(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '=') { sb.Append(text[i]); continue; }
            if (i + 2 >= text.Length) return null;
            var code = text.Substring(i + 1, 2);
            if (code == "2C") sb.Append(',');
            else if (code == "3D") sb.Append('=');
            else return null;
            i += 2;
        }
        return sb.ToString();
    }

    private static bool TryText(byte[] bytes, out string text)
    {
        text = "";
        if (bytes.Length == 0 || Array.IndexOf(bytes, (byte)0) >= 0) return false;
        try { text = StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { return false; }
        return true;
    }
}
