using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Delivery.Dkim;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// Keys made with the real <c>mizugiwa dkim keygen</c>, messages signed by <see cref="DkimMessageSigner"/>,
/// and the signatures checked by an independent implementation: dkimpy from Debian (/usr/bin/python3,
/// package python3-dkim), given the records exactly as keygen printed them instead of DNS.
/// </summary>
public sealed class DkimTests : IDisposable
{
    private const int ExUsage = 64, ExDataErr = 65;

    private const string Message =
        "From: Alice Example <alice@example.test>\r\n" +
        "To: Bob <bob@example.net>,\r\n\tCarol <carol@example.net>\r\n" +
        "Cc: dave@example.net\r\n" +
        "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= from the gateway\r\n" +
        "Date: Tue, 24 Nov 2026 09:29:00 +0000\r\n" +
        "Message-ID: <dkim-test.1@example.test>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: multipart/alternative; boundary=\"xyz\"\r\n" +
        "\r\n" +
        "--xyz\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "Content-Transfer-Encoding: 8bit\r\n" +
        "\r\n" +
        "Grüße,   with  spaces \t\r\n" +
        "\r\n" +
        "--xyz\r\n" +
        "Content-Type: text/html; charset=us-ascii\r\n" +
        "\r\n" +
        "<p>Hello</p>\r\n" +
        "--xyz--\r\n" +
        "\r\n" +
        "\r\n";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mizugiwa-dkim-");

    private string DataDirectory => Path.Combine(_root.FullName, "data");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Rsa_and_ed25519_signatures_verify_with_dkimpy()
    {
        var records = await RecordsAsync(("rsa2026", "rsa"), ("ed2026", "ed25519"));

        var signed = await SignAsync("example.test", Message);

        var results = await VerifyWithDkimpyAsync(signed, records);
        Assert.Equal(["ed25519-sha256 True", "rsa-sha256 True"], results.Order());
    }

    [Theory]
    [InlineData("rsa", "rsa-sha256")]
    [InlineData("ed25519", "ed25519-sha256")]
    public async Task A_single_key_signature_verifies_with_dkimpy(string algorithm, string a)
    {
        var records = await RecordsAsync(("s1", algorithm));

        var signed = await SignAsync("example.test", Message);

        Assert.Equal([$"{a} True"], await VerifyWithDkimpyAsync(signed, records));
    }

    [Fact]
    public async Task A_tampered_body_fails_with_dkimpy()
    {
        var records = await RecordsAsync(("rsa2026", "rsa"), ("ed2026", "ed25519"));
        var signed = await SignAsync("example.test", Message);

        var tampered = signed.Replace("<p>Hello</p>", "<p>Hullo</p>", StringComparison.Ordinal);

        Assert.Equal(["ed25519-sha256 False", "rsa-sha256 False"], (await VerifyWithDkimpyAsync(tampered, records)).Order());
    }

    [Fact]
    public async Task A_message_refolded_and_respaced_in_transit_still_verifies_with_dkimpy()
    {
        var records = await RecordsAsync(("rsa2026", "rsa"), ("ed2026", "ed25519"));
        var signed = await SignAsync("example.test", Message);

        var relayed = "Received: from gateway.example.test by mx.example.net; Tue, 24 Nov 2026 09:30:00 +0000\r\n" + signed
            .Replace("To: Bob <bob@example.net>,\r\n\tCarol", "To: Bob <bob@example.net>, Carol", StringComparison.Ordinal)
            .Replace("Grüße,   with  spaces \t\r\n", "Grüße, with spaces\r\n", StringComparison.Ordinal);

        Assert.Equal(["ed25519-sha256 True", "rsa-sha256 True"], (await VerifyWithDkimpyAsync(relayed, records)).Order());
    }

    [Fact]
    public async Task A_message_written_out_again_by_MimeKit_as_the_MailKit_transport_sends_it_still_verifies_with_dkimpy()
    {
        var records = await RecordsAsync(("rsa2026", "rsa"), ("ed2026", "ed25519"));
        var signed = await SignAsync("example.test", Message);

        var parsed = await MimeKit.MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(signed)));
        var options = MimeKit.FormatOptions.Default.Clone();
        options.NewLineFormat = MimeKit.NewLineFormat.Dos;
        using var written = new MemoryStream();
        await parsed.WriteToAsync(options, written);

        Assert.Equal(["ed25519-sha256 True", "rsa-sha256 True"], (await VerifyWithDkimpyAsync(Encoding.UTF8.GetString(written.ToArray()), records)).Order());
    }

    [Fact]
    public async Task Keygen_refuses_an_existing_selector_and_a_bad_domain_and_show_an_unknown_domain()
    {
        await KeygenAsync("example.test", "s1", "ed25519");

        var again = await RunAsync(["dkim", "keygen", "example.test", "--selector", "s1"]);
        var badDomain = await RunAsync(["dkim", "keygen", "not a domain", "--selector", "s1"]);
        var unknown = await RunAsync(["dkim", "show", "example.org"]);
        var noSelector = await RunAsync(["dkim", "keygen", "example.test"]);

        Assert.Equal((ExDataErr, "mizugiwa: selector s1 already exists for example.test"), (again.ExitCode, again.StandardError.Split(" (")[0].Trim()));
        Assert.Equal((ExDataErr, "mizugiwa: 'not a domain' is not a valid domain name"), (badDomain.ExitCode, badDomain.StandardError.Trim()));
        Assert.Equal((ExDataErr, "mizugiwa: no DKIM keys for example.org"), (unknown.ExitCode, unknown.StandardError.Trim()));
        Assert.Equal(ExUsage, noSelector.ExitCode);
        Assert.Contains("--selector is required", noSelector.StandardError);
    }

    [Fact]
    public async Task List_show_and_remove_report_the_keys()
    {
        var rsa = await KeygenAsync("example.test", "r1", "rsa");
        await KeygenAsync("example.test", "e1", "ed25519");

        var list = await RunAsync(["dkim", "list"]);
        var show = await RunAsync(["dkim", "show", "example.test"]);
        var remove = await RunAsync(["dkim", "remove", "example.test", "--selector", "e1"]);
        var after = await RunAsync(["dkim", "list"]);

        Assert.Equal(2, list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains(" active", StringComparison.Ordinal)));
        Assert.Contains(rsa, show.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')));
        Assert.Equal(0, remove.ExitCode);
        Assert.DoesNotContain("e1", after.StandardOutput);
        Assert.Contains("r1", after.StandardOutput);
    }

    /// <summary>Runs keygen for each (selector, algorithm) of example.test and returns the printed records (name → value).</summary>
    private async Task<Dictionary<string, string>> RecordsAsync(params (string Selector, string Algorithm)[] keys)
    {
        var records = new Dictionary<string, string>();
        foreach (var (selector, algorithm) in keys)
        {
            var line = await KeygenAsync("example.test", selector, algorithm);
            records[RecordName(line)] = RecordValue(line);
        }
        return records;
    }

    /// <summary>Runs <c>mizugiwa dkim keygen</c> and returns the zone line it printed.</summary>
    private async Task<string> KeygenAsync(string domain, string selector, string algorithm)
    {
        var result = await RunAsync(["dkim", "keygen", domain, "--selector", selector, "--algorithm", algorithm]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.Contains(" IN TXT ", StringComparison.Ordinal));
    }

    private static string RecordName(string zoneLine) => zoneLine[..zoneLine.IndexOf(". IN TXT ", StringComparison.Ordinal)];

    /// <summary>The TXT value: the quoted character-strings of the zone line, joined (as a resolver hands them to a verifier).</summary>
    private static string RecordValue(string zoneLine)
    {
        var strings = zoneLine[zoneLine.IndexOf('"', StringComparison.Ordinal)..].Split('"').Where((_, i) => i % 2 == 1).ToList();
        Assert.All(strings, s => Assert.InRange(s.Length, 1, 255));
        return string.Concat(strings);
    }

    private async Task<string> SignAsync(string domain, string message)
    {
        var signer = new DkimMessageSigner(DkimKeyStore.ForDataDirectory(DataDirectory), TimeProvider.System, NullLogger<DkimMessageSigner>.Instance);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(message));
        var headers = await signer.SignAsync(domain, stream, CancellationToken.None);
        Assert.NotNull(headers);
        return headers + message;
    }

    private async Task<List<string>> VerifyWithDkimpyAsync(string message, Dictionary<string, string> records)
    {
        var path = Path.Combine(_root.FullName, $"message-{Guid.NewGuid():N}.eml");
        await File.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(message));
        return [.. await Dkimpy.VerifyAsync(path, records)];
    }

    private Task<ProcessResult> RunAsync(string[] args) =>
        MizugiwaExecutable.RunAsync(args, MizugiwaExecutable.Environment(DataDirectory), workingDirectory: _root.FullName);
}
