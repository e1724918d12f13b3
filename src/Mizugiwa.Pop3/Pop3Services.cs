using Microsoft.Extensions.Logging;
using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Pop3;

/// <summary>What POP3 sessions need; the password gate, and the brute-force guard are shared by both listeners.</summary>
public sealed record Pop3Services
{
    public required Pop3SessionOptions Options { get; init; }
    /// <summary>SMTP AUTH's gate: password checks of both protocols share its slots.</summary>
    public required PasswordCheckGate Passwords { get; init; }
    /// <summary>SMTP AUTH's guard: failures of both protocols count in the same windows and lock out together.</summary>
    public required AuthGuard Guard { get; init; }
    /// <summary>Message sizes as sent, so a login reads only messages no session has measured.</summary>
    public MessageSizes Sizes { get; init; } = new();
    public required TimeProvider Time { get; init; }
    public required ILogger Logger { get; init; }
    /// <summary>Cancelled when the server stops: sessions end without entering the UPDATE state.</summary>
    public CancellationToken SessionEnd { get; init; }
}
