using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Policy.Tests.Support;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// `mizugiwa scan` through the real executable: symbols, score, action and the Authentication-Results
/// header of one message, with SPF and DMARC answered by a real dnsmasq on loopback; --batch; bad input.
/// </summary>
public sealed class ScanCommandTests : IAsyncLifetime
{
    private const string ShopServer = "192.0.2.10";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mizugiwa-scan-");
    private DnsmasqServer? _dns;

    public async Task InitializeAsync() =>
        _dns = await DnsmasqServer.StartAsync(new DnsmasqRecords()
            .TxtRecord("shop.example", $"v=spf1 ip4:{ShopServer} -all")
            .TxtRecord("_dmarc.shop.example", "v=DMARC1; p=reject"));

    public async Task DisposeAsync()
    {
        if (_dns is not null) await _dns.DisposeAsync();
        _root.Delete(recursive: true);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root.FullName, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\r\n"));
        return path;
    }

    private static string Newsletter(string subject) =>
        $"From: Shop <news@shop.example>\nTo: alice@example.test\nSubject: {subject}\nDate: Fri, 04 Dec 2026 10:00:00 +0000\n" +
        $"Message-ID: <{Guid.NewGuid():N}@shop.example>\n\nOur winter catalogue is out: see https://shop.example/winter\n";

    private Task<ProcessResult> ScanAsync(string[] args, string? stdin = null) =>
        MizugiwaExecutable.RunAsync(["scan", .. args], MizugiwaExecutable.Environment(Path.Combine(_root.FullName, "data"), new Dictionary<string, string>
        {
            ["HostName"] = "mx.scan.test",
            ["Checks__Dns__Servers__0"] = _dns!.Server,
            ["Checks__Dns__TimeoutMilliseconds"] = "2000",
        }), stdin, _root.FullName);

    [Fact]
    public async Task A_message_from_the_senders_own_server_passes_spf_and_dmarc_and_one_from_elsewhere_fails()
    {
        var file = Write("news.eml", Newsletter("Winter catalogue"));

        var own = await ScanAsync([file, "--ip", ShopServer, "--helo", "mail.shop.example", "--from", "news@shop.example"]);
        Assert.True(own.ExitCode == 0, own.StandardError);
        Assert.Matches(@"score: -?[\d.]+ \(spam from 5\.0\)", own.StandardOutput);
        Assert.Contains("action: none", own.StandardOutput);
        Assert.Contains("Authentication-Results: mx.scan.test;", own.StandardOutput);
        Assert.Contains("spf=pass smtp.mailfrom=shop.example", own.StandardOutput);
        Assert.Contains("dmarc=pass", own.StandardOutput);

        var forged = await ScanAsync([file, "--ip", "192.0.2.99", "--helo", "bot.example", "--from", "news@shop.example"]);
        Assert.Equal(0, forged.ExitCode);
        Assert.Contains("spf=fail smtp.mailfrom=shop.example", forged.StandardOutput);
        Assert.Contains("dmarc=fail", forged.StandardOutput);
        Assert.Matches(@"\n  SPF_FAIL +[\d.]+", forged.StandardOutput);
        Assert.Matches(@"\n  DMARC_FAIL_REJECT +[\d.]+", forged.StandardOutput);
    }

    [Fact]
    public async Task Batch_prints_one_line_per_file_and_names_an_unreadable_one_with_exit_65()
    {
        // No envelope in batch mode, so no SPF: a sender without a DMARC policy, or DMARC would fail it.
        var ham = Write("ham.eml", Newsletter("Winter catalogue").Replace("shop.example", "plain.example", StringComparison.Ordinal));
        var gtube = Write("gtube.eml", "From: x@y.example\nSubject: test\n\nXJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\n");
        var missing = Path.Combine(_root.FullName, "missing.eml");

        var batch = await ScanAsync(["--batch"], $"{ham}\n{missing}\n{gtube}\n");

        Assert.Equal(65, batch.ExitCode);
        var lines = batch.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{ham}\t0\t", lines[0]);
        Assert.StartsWith($"{gtube}\t1\t", lines[1]);
        Assert.Contains($"mizugiwa: cannot read {missing}: no such file", batch.StandardError);
    }

    [Fact]
    public async Task Bad_input_gets_a_message_naming_the_problem()
    {
        var nowhere = Path.Combine(_root.FullName, "nowhere.eml");
        var missing = await ScanAsync([nowhere]);
        Assert.Equal(65, missing.ExitCode);
        Assert.Equal($"mizugiwa: cannot read {nowhere}: no such file", missing.StandardError.Trim());

        var folder = await ScanAsync([_root.FullName]);
        Assert.Equal(65, folder.ExitCode);
        Assert.Equal($"mizugiwa: cannot read {_root.FullName}: it is a directory", folder.StandardError.Trim());

        var usage = await ScanAsync(["a.eml", "b.eml"]);
        Assert.Equal(64, usage.ExitCode);
        Assert.Contains("give one FILE (or use --batch)", usage.StandardError);

        var ip = await ScanAsync(["a.eml", "--ip", "999.1.1.1"]);
        Assert.Equal(64, ip.ExitCode);
        Assert.Contains("'999.1.1.1' is not an IP address", ip.StandardError);

        // Not a mail message at all: judged as a body without headers, not a crash.
        var headerless = await ScanAsync([Write("notes.txt", "shopping list\n\nmilk, eggs\n")]);
        Assert.True(headerless.ExitCode == 0, headerless.AllOutput);
        Assert.Matches(@"\n  MIME_HEADERS_UNREADABLE +1\.0", headerless.StandardOutput);
        Assert.Matches(@"\n  FROM_MISSING +[\d.]+", headerless.StandardOutput);
    }
}
