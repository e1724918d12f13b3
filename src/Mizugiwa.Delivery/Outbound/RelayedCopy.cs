using System.Text;
using Mizugiwa.Core;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// The message as a group of relayed recipients (gateway mode) receives it: their added headers
/// (Authentication-Results, the spam label) on top and their Subject tag, as local delivery writes them.
/// Made as a temporary file next to the queue file (a ".tmp" left by a crash is removed at the next
/// start) and deleted when disposed; recipients with nothing added get the queue file itself.
/// </summary>
internal sealed class RelayedCopy : IAsyncDisposable
{
    private readonly string? _temporaryPath;

    private RelayedCopy(OutboundMessage message, string? temporaryPath)
    {
        Message = message;
        _temporaryPath = temporaryPath;
    }

    public OutboundMessage Message { get; }

    /// <param name="recipients">Recipients that share their added headers and Subject tag (see <see cref="LabelOf"/>).</param>
    public static async Task<RelayedCopy> MakeAsync(OutboundMessage message, IReadOnlyList<EnvelopeRecipient> recipients, CancellationToken cancellationToken)
    {
        var (headers, tag) = LabelOf(recipients[0]);
        if (headers.Length == 0 && tag.Length == 0) return new RelayedCopy(message, null);
        var path = $"{message.ContentPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            long length;
            await using (var copy = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                await copy.WriteAsync(Encoding.UTF8.GetBytes(headers), cancellationToken);
                if (tag.Length == 0 || !await SubjectTag.CopyTaggedAsync(message.ContentPath, message.ContentLength, tag, copy, cancellationToken))
                {
                    await using var content = message.OpenContent();
                    await content.CopyToAsync(copy, cancellationToken);
                }
                length = copy.Length;
            }
            return new RelayedCopy(message with { ContentPath = path, ContentLength = length }, path);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>What a recipient's copy adds to the message; recipients with the same label can share one transaction.</summary>
    public static (string Headers, string SubjectTag) LabelOf(EnvelopeRecipient recipient) =>
        (recipient.AddedHeaders ?? "", recipient.SubjectTag ?? "");

    public ValueTask DisposeAsync()
    {
        if (_temporaryPath is not null) File.Delete(_temporaryPath);
        return ValueTask.CompletedTask;
    }
}
