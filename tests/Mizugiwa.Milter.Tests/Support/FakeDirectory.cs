using Mizugiwa.Core;

namespace Mizugiwa.Milter.Tests.Support;

/// <summary>A directory of example.test: alice, bob, and sales (an alias of both); anything else is not ours.</summary>
internal sealed class FakeDirectory : IRecipientDirectory
{
    public Exception? Throws { get; init; }

    public ValueTask<RecipientResolution> ResolveAsync(SmtpAddress address, CancellationToken cancellationToken)
    {
        if (Throws is { } e) throw e;
        var text = address.ToString();
        return ValueTask.FromResult(text switch
        {
            "alice@example.test" or "bob@example.test" => new RecipientResolution(RecipientStatus.Local, [text]),
            "sales@example.test" => new RecipientResolution(RecipientStatus.Local, ["alice@example.test", "bob@example.test"]),
            _ when address.Domain == "example.test" => RecipientResolution.Unknown,
            _ => RecipientResolution.NotLocal,
        });
    }
}
