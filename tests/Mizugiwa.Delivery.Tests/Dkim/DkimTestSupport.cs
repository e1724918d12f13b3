using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using MimeKit.Cryptography;
using Mizugiwa.Delivery.Dkim;

namespace Mizugiwa.Delivery.Tests.Dkim;

/// <summary>A key store in a temporary directory with a signer over it, and verification with MimeKit.</summary>
internal sealed class DkimFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public DkimFixture()
    {
        Store = DkimKeyStore.ForDataDirectory(_directory.Path);
        Signer = new DkimMessageSigner(Store, Clock, NullLogger<DkimMessageSigner>.Instance, TimeSpan.FromSeconds(10));
    }

    public static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Now);
    public DkimKeyStore Store { get; }
    public DkimMessageSigner Signer { get; }
    public string DataDirectory => _directory.Path;

    /// <summary>The published records of every key in the store.</summary>
    public Dictionary<string, string> Records() =>
        Store.List().Select(k => RecordKeyLocator.FromZoneLine(k.ZoneLine!)).ToDictionary();

    public async Task<string?> SignAsync(string domain, string message)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(message));
        return await Signer.SignAsync(domain, stream, CancellationToken.None);
    }

    public void Dispose() => _directory.Dispose();
}

internal static class DkimVerification
{
    /// <summary>The a= value and MimeKit's verdict of each DKIM-Signature field of <paramref name="message"/>, top to bottom.</summary>
    public static List<(string Algorithm, bool Valid)> Verify(string message, IReadOnlyDictionary<string, string> records)
    {
        var parsed = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(message)));
        var verifier = new DkimVerifier(new RecordKeyLocator(records));
        verifier.Enable(DkimSignatureAlgorithm.Ed25519Sha256);
        return parsed.Headers.Where(h => h.Id == HeaderId.DkimSignature)
            .Select(h => (Tag(h.Value, "a")!, verifier.Verify(parsed, h)))
            .ToList();
    }

    /// <summary>The value of tag <paramref name="name"/> in a tag list ("a=b; c=d"), whitespace removed.</summary>
    public static string? Tag(string tagList, string name) =>
        tagList.Split(';').Select(t => t.Split('=', 2)).Where(p => p.Length == 2 && p[0].Trim() == name)
            .Select(p => string.Concat(p[1].Where(c => !char.IsWhiteSpace(c)))).FirstOrDefault();

    public const string Message =
        "From: Alice Example <alice@example.com>\r\n" +
        "To: Bob <bob@example.net>,\r\n Carol <carol@example.net>\r\n" +
        "Subject: Quarterly figures\r\n" +
        "Date: Tue, 24 Nov 2026 09:29:00 +0000\r\n" +
        "Message-ID: <figures.1@example.com>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "Content-Transfer-Encoding: 8bit\r\n" +
        "X-Mailer: test\r\n" +
        "\r\n" +
        "Hello Bob,\r\n" +
        "\r\n" +
        "the figures are attached in spirit.  Über-gut.\r\n" +
        "\r\n" +
        "Alice\r\n";
}
