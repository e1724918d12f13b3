using System.Globalization;
using Mizugiwa.Core;

namespace Mizugiwa.Imap;

/// <summary>
/// GETQUOTAROOT, GETQUOTA and SETQUOTA (RFC 9208, answered so RFC 2087 clients understand them too) over
/// the quota APPEND and delivery hold the account to (<see cref="IMailboxSpace"/>). Quotas are set by the
/// administrator, so SETQUOTA is refused and QUOTASET not announced. An account without a quota has no
/// quota root.
/// </summary>
internal sealed partial class ImapSession
{
    private const string QuotaUnavailable = "NO [UNAVAILABLE] the quota cannot be looked up now, try again later";

    private async Task<string> GetQuotaRootAsync(ImapParser parser)
    {
        parser.Space();
        var name = MailboxName(parser);
        parser.End();
        if (!Mailboxes.Exists(name))
            return Mailboxes.PathOf(name) is null ? $"NO [CANNOT] '{name}': {UserMailboxes.NameRule}" : $"NO [NONEXISTENT] no mailbox named '{name}'";
        var (quota, failed) = await UserQuotaAsync();
        if (failed) return QuotaUnavailable;
        var mailbox = ImapString.Mailbox(UserMailboxes.Canonical(name));
        if (quota is not { } q)
        {
            _output.Line($"* QUOTAROOT {mailbox}");
            return "OK GETQUOTAROOT completed (no quota)";
        }
        _output.Line($"* QUOTAROOT {mailbox} \"{ImapQuota.Root}\"");
        _output.Line(ImapQuota.QuotaResponse(q));
        return "OK GETQUOTAROOT completed";
    }

    private async Task<string> GetQuotaAsync(ImapParser parser)
    {
        parser.Space();
        var root = parser.AString("a quota root");
        parser.End();
        if (root != ImapQuota.Root) return "NO [NONEXISTENT] no such quota root (the only one is \"\")";
        var (quota, failed) = await UserQuotaAsync();
        if (failed) return QuotaUnavailable;
        if (quota is not { } q) return "NO [NONEXISTENT] this account has no quota";
        _output.Line(ImapQuota.QuotaResponse(q));
        return "OK GETQUOTA completed";
    }

    private static string SetQuota(ImapParser parser)
    {
        parser.Space();
        parser.AString("a quota root");
        parser.Space();
        parser.Expect('(', "'(' to start the resource limits");
        bool first = true;
        while (!parser.TryTake(')'))
        {
            if (!first) parser.Space();
            first = false;
            parser.Atom("a resource name");
            parser.Space();
            var limit = parser.Atom("a resource limit");
            if (!limit.All(char.IsAsciiDigit) || !long.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out _)) throw new ImapSyntaxException("a resource limit must be a number");
        }
        parser.End();
        return "NO [NOPERM] quotas are set by the administrator, not over IMAP";
    }

    /// <summary>The user's quota (null: none); Failed when the directory could not be asked.</summary>
    private async Task<(MailboxQuota? Quota, bool Failed)> UserQuotaAsync()
    {
        if (_services.Space is not { } space) return (null, false);
        try { return (await space.GetQuotaAsync(_user!, _services.SessionEnd), false); }
        catch (Exception e) when (e is not (OperationCanceledException or IOException or UnauthorizedAccessException))
        {
            ImapLog.MailboxError(_services.Logger, _id, ClientText, _user ?? "", "quota lookup", e.Message);
            return (null, true);
        }
    }
}
