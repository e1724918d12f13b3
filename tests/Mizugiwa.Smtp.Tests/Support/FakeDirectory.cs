using Mizugiwa.Core;

namespace Mizugiwa.Smtp.Tests.Support;

/// <summary>example.test with alice and bob; sales@ is an alias of both.</summary>
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
            _ => RecipientResolution.Unknown,
        };
        return ValueTask.FromResult(result);
    }
}
