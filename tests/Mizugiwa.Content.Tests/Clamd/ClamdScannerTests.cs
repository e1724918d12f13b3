using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Content.Clamd;
using Mizugiwa.Testing;

namespace Mizugiwa.Content.Tests.Clamd;

/// <summary>The scanner and the analyzer against a real clamd loaded with our test signature.</summary>
[Collection(ClamdCollection.Name)]
public sealed class ClamdScannerTests(ClamdFixture fixture)
{
    private static readonly byte[] Payload = Encoding.ASCII.GetBytes(ClamdServer.Payload);

    private ClamdScanner Scanner(string? endpoint = null, int chunkSize = 64 * 1024, long streamMaxLength = ClamdServer.StreamMaxLength) =>
        new(new ClamdOptions { Endpoint = endpoint ?? fixture.Server.TcpEndpoint, Timeout = TimeSpan.FromSeconds(30), ChunkSize = chunkSize, StreamMaxLength = streamMaxLength });

    private static byte[] Data(string before, bool withPayload, string after = " trailing text") =>
        [.. Encoding.ASCII.GetBytes(before), .. withPayload ? Payload : [], .. Encoding.ASCII.GetBytes(after)];

    [Fact]
    public async Task Clean_data_is_clean()
    {
        var result = await Scanner().ScanAsync(Data("harmless ", withPayload: false), CancellationToken.None);
        Assert.Equal(ClamdStatus.Clean, result.Status);
    }

    [Fact]
    public async Task The_test_signature_is_found_over_tcp()
    {
        var result = await Scanner().ScanAsync(Data("some bytes ", withPayload: true), CancellationToken.None);
        Assert.Equal(ClamdStatus.Infected, result.Status);
        Assert.StartsWith(ClamdServer.SignatureName, result.Signature);
    }

    [Fact]
    public async Task The_test_signature_is_found_over_the_unix_socket()
    {
        var result = await Scanner("unix:" + fixture.Server.SocketPath).ScanAsync(Data("", withPayload: true), CancellationToken.None);
        Assert.Equal(ClamdStatus.Infected, result.Status);
    }

    [Fact]
    public async Task A_payload_split_across_many_chunks_is_still_found()
    {
        var result = await Scanner(chunkSize: 7).ScanAsync(Data(new string('x', 1000), withPayload: true), CancellationToken.None);
        Assert.Equal(ClamdStatus.Infected, result.Status);
    }

    [Fact]
    public async Task Only_stream_max_length_bytes_are_sent_and_the_result_says_so()
    {
        var scanner = Scanner(streamMaxLength: 1000);
        var beyond = await scanner.ScanAsync(Data(new string('x', 2000), withPayload: true), CancellationToken.None);
        Assert.Equal(new ClamdScanResult(ClamdStatus.Clean, Truncated: true), beyond);
        var within = await scanner.ScanAsync(Data("x", withPayload: true, after: new string('y', 5000)), CancellationToken.None);
        Assert.Equal(ClamdStatus.Infected, within.Status);
        Assert.True(within.Truncated);
    }

    [Fact]
    public async Task Ping_answers()
    {
        Assert.True(await Scanner().PingAsync(CancellationToken.None));
        Assert.False(await Scanner($"127.0.0.1:{FreePorts.Next()}").PingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Nobody_listening_is_an_error_not_an_exception()
    {
        var result = await Scanner($"127.0.0.1:{FreePorts.Next()}").ScanAsync(Payload, CancellationToken.None);
        Assert.Equal(ClamdStatus.Error, result.Status);
        Assert.Contains("refused", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_silent_server_times_out_as_an_error()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var time = new FakeTimeProvider();
        var scanner = new ClamdScanner(new ClamdOptions { Endpoint = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}", Timeout = TimeSpan.FromSeconds(5) }, time);
        var scan = scanner.ScanAsync(Payload, CancellationToken.None);
        using var accepted = await silent.AcceptSocketAsync();
        time.Advance(TimeSpan.FromSeconds(5));
        var result = await scan.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ClamdStatus.Error, result.Status);
        Assert.StartsWith("no answer from clamd", result.Error);
    }

    private ClamdAnalyzer Analyzer(ClamdScanTarget target, string? endpoint = null) =>
        new(Scanner(endpoint), new ClamdAnalyzerOptions { Target = target }, NullLogger<ClamdAnalyzer>.Instance);

    private static ContentMessage Message(bool withPayload)
    {
        var content = Convert.ToBase64String(Data("%PDF-1.4 ", withPayload), Base64FormattingOptions.InsertLineBreaks);
        var raw = "From: a@example.org\r\nTo: b@example.net\r\nSubject: doc\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
            "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n" +
            $"--b\r\nContent-Type: application/pdf; name=doc.pdf\r\nContent-Disposition: attachment; filename=doc.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n{content}\r\n--b--\r\n";
        return ContentMessageReader.Read(Encoding.ASCII.GetBytes(raw), new ContentEnvelope(null, null, null, "a@example.org", ["b@example.net"]));
    }

    [Theory]
    [InlineData(ClamdScanTarget.RawMessage)]
    [InlineData(ClamdScanTarget.Attachments)]
    public async Task A_virus_in_an_encoded_attachment_rejects_the_message(ClamdScanTarget target)
    {
        var report = new ContentReport();
        await Analyzer(target).AnalyzeAsync(Message(withPayload: true), report, CancellationToken.None);
        var symbol = Assert.Single(report.Symbols);
        Assert.Equal("VIRUS_FOUND", symbol.Name);
        Assert.StartsWith(ClamdServer.SignatureName, symbol.Detail);
        Assert.Equal(ContentAction.Reject, report.ForcedAction);
    }

    [Theory]
    [InlineData(ClamdScanTarget.RawMessage)]
    [InlineData(ClamdScanTarget.Attachments)]
    public async Task A_clean_message_gets_nothing(ClamdScanTarget target)
    {
        var report = new ContentReport();
        await Analyzer(target).AnalyzeAsync(Message(withPayload: false), report, CancellationToken.None);
        Assert.Empty(report.Symbols);
        Assert.Equal(ContentAction.None, report.ForcedAction);
    }

    [Fact]
    public async Task Clamd_unreachable_is_a_zero_score_symbol_and_no_reject()
    {
        var report = new ContentReport();
        var analyzer = Analyzer(ClamdScanTarget.RawMessage, $"127.0.0.1:{FreePorts.Next()}");
        Assert.Equal("clamd", analyzer.Name);
        Assert.Equal(ContentStage.Analysis, analyzer.Stage);
        await analyzer.AnalyzeAsync(Message(withPayload: true), report, CancellationToken.None);
        var symbol = Assert.Single(report.Symbols);
        Assert.Equal(("CLAMD_ERROR", 0.0), (symbol.Name, symbol.DefaultScore));
        Assert.Equal(ContentAction.None, report.ForcedAction);
    }
}
