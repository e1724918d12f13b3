using Mizugiwa.Core;

namespace Mizugiwa.Smtp.Tests.Support;

/// <summary>example.test with alice and bob; sales@ is an alias of both; carol is disabled and dora's mailbox is full.</summary>
internal sealed class FakeDirectory : IRecipientDirectory
{
    public ValueTask<RecipientResolution> ResolveAsync(SmtpAddress address, CancellationToken cancellationToken)
    {
        if (address.Domain != "example.test") return ValueTask.FromResult(RecipientResolution.NotLocal);
        var local = address.LocalPart.ToLowerInvariant();
        RecipientResolution result = local switch
        {
            "alice" or "bob" => new(RecipientStatus.Local, [$"{local}@example.test"]),
            "sales" => new(RecipientStatus.Local, ["alice@example.test", "bob@example.test"]),
            "postmaster" => new(RecipientStatus.Local, ["postmaster"]),
            "carol" => RecipientResolution.Disabled,
            "dora" => new(RecipientStatus.MailboxFull, ["dora@example.test"]),
            _ => RecipientResolution.Unknown,
        };
        return ValueTask.FromResult(result);
    }
}
