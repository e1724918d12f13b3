using System.Buffers;
using System.Net;
using System.Text;
using Mizugiwa.Smtp.Proxy;

namespace Mizugiwa.Smtp.Tests;

public sealed class ProxyHeaderTests
{
    private static (ProxyParseStatus Status, IPEndPoint? Source, long Consumed) Parse(byte[] bytes)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        var status = ProxyHeader.TryParse(sequence, out var consumed, out var source, out _);
        return (status, source, sequence.Slice(0, consumed).Length);
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 40000 25\r\n", "203.0.113.7", 40000)]
    [InlineData("PROXY TCP6 2001:db8::7 2001:db8::1 40001 25\r\n", "2001:db8::7", 40001)]
    public void Version_1_gives_the_client_address(string header, string address, int port)
    {
        var (status, source, consumed) = Parse(Encoding.ASCII.GetBytes(header + "EHLO x\r\n"));
        Assert.Equal(ProxyParseStatus.Done, status);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), source);
        Assert.Equal(header.Length, consumed);
    }

    [Fact]
    public void Version_1_unknown_keeps_the_connection_address()
    {
        var (status, source, _) = Parse(Encoding.ASCII.GetBytes("PROXY UNKNOWN\r\n"));
        Assert.Equal(ProxyParseStatus.Done, status);
        Assert.Null(source);
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 40000\r\n")]
    [InlineData("PROXY TCP4 2001:db8::7 192.0.2.1 1 2\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 40000 25\n")]
    [InlineData("EHLO hello\r\n")]
    public void Bad_version_1_headers_are_invalid(string header) =>
        Assert.Equal(ProxyParseStatus.Invalid, Parse(Encoding.ASCII.GetBytes(header)).Status);

    [Fact]
    public void Partial_headers_need_more_data()
    {
        Assert.Equal(ProxyParseStatus.NeedMoreData, Parse(Encoding.ASCII.GetBytes("PROXY TCP4 203.0")).Status);
        Assert.Equal(ProxyParseStatus.NeedMoreData, Parse(V2(0x21, 0x11, [203, 0, 113, 7, 192, 0, 2, 1, 0x9C, 0x40, 0, 25])[..20]).Status);
    }

    [Fact]
    public void Version_2_ipv4_and_ipv6()
    {
        var v4 = Parse(V2(0x21, 0x11, [203, 0, 113, 7, 192, 0, 2, 1, 0x9C, 0x40, 0, 25]));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40000), v4.Source);
        Assert.Equal(28, v4.Consumed);

        var address = IPAddress.Parse("2001:db8::7").GetAddressBytes();
        var v6 = Parse(V2(0x21, 0x21, [.. address, .. new byte[16], 0x9C, 0x41, 0, 25]));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::7"), 40001), v6.Source);
    }

    [Fact]
    public void Version_2_local_is_a_health_check_without_address()
    {
        var local = Parse(V2(0x20, 0x00, []));
        Assert.Equal(ProxyParseStatus.Done, local.Status);
        Assert.Null(local.Source);
    }

    private static byte[] V2(byte versionCommand, byte family, byte[] body) =>
        [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, versionCommand, family, (byte)(body.Length >> 8), (byte)body.Length, .. body];
}
