using System.Text.Json;
using Mizugiwa.Core;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery;

/// <summary>Reads and durably writes a message envelope as JSON.</summary>
internal static class EnvelopeFile
{
    private const int BufferSize = 4096;

    /// <summary>Writes the envelope and fsyncs the file (not its directory).</summary>
    public static async Task WriteAsync(string path, MessageEnvelope envelope, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
        await JsonSerializer.SerializeAsync(stream, envelope, EnvelopeJsonContext.Default.MessageEnvelope, cancellationToken);
        FileSync.FlushToDisk(stream);
    }

    /// <summary>Returns null when there is no such file.</summary>
    public static async Task<MessageEnvelope?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        await using (stream)
            return await JsonSerializer.DeserializeAsync(stream, EnvelopeJsonContext.Default.MessageEnvelope, cancellationToken);
    }

    /// <summary>
    /// Replaces the envelope atomically: a crash leaves either the old or the new one, never a mix.
    /// A leftover <c>.tmp</c> file is removed when the spool starts.
    /// </summary>
    public static async Task ReplaceAsync(string path, MessageEnvelope envelope, CancellationToken cancellationToken)
    {
        string temporary = path + ".tmp";
        await WriteAsync(temporary, envelope, cancellationToken);
        File.Move(temporary, path, overwrite: true);
        FileSync.SyncDirectory(Path.GetDirectoryName(path)!);
    }
}
