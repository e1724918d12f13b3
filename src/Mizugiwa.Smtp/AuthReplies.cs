namespace Mizugiwa.Smtp;

/// <summary>The replies of SMTP AUTH (RFC 4954 §6) and submission.</summary>
internal static class AuthReplies
{
    public static SmtpReply Success { get; } = new(235, "2.7.0", "Authentication successful");
    public static SmtpReply NotEnabled { get; } = new(503, "5.5.1", "Error: authentication not enabled");
    public static SmtpReply AlreadyAuthenticated { get; } = new(503, "5.5.1", "Error: already authenticated");
    public static SmtpReply UnknownMechanism { get; } = new(504, "5.5.4", "Unrecognized authentication type");
    public static SmtpReply CannotDecode { get; } = new(501, "5.5.2", "Cannot decode response");
    public static SmtpReply Cancelled { get; } = new(501, "5.0.0", "Authentication cancelled");
    public static SmtpReply LineTooLong { get; } = new(500, "5.5.6", "Authentication exchange line is too long");
    public static SmtpReply InvalidCredentials { get; } = new(535, "5.7.8", "Error: authentication credentials invalid");
    public static SmtpReply TemporaryFailure { get; } = new(454, "4.7.0", "Temporary authentication failure");
    public static SmtpReply LockedOut { get; } = new(454, "4.7.0", "Temporary authentication failure: too many failed logins, try again later");
    public static SmtpReply AuthenticationRequired { get; } = new(530, "5.7.0", "Authentication required");
    public static SmtpReply SenderNotOwned(string sender, string user) => new(553, "5.7.1", $"<{sender}>: Sender address rejected: not owned by user {user}");
    public static SmtpReply SendingLimit(string what) => new(451, "4.7.1", $"Error: hourly limit of {what} reached, try again later");
}
