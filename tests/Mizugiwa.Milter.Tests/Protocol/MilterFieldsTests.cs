using Mizugiwa.Milter.Protocol;
using static Mizugiwa.Milter.Tests.Support.MilterTestClient;

namespace Mizugiwa.Milter.Tests.Protocol;

public sealed class MilterFieldsTests
{
    [Fact]
    public void Connect_gives_name_family_port_and_address()
    {
        var info = MilterFields.Connect([.. Z("[192.0.2.7]"), (byte)'4', 0xC3, 0x50, .. Z("192.0.2.7")]);
        Assert.Equal(new MilterConnectInfo("[192.0.2.7]", '4', 50000, "192.0.2.7"), info);
    }

    [Fact]
    public void Connect_of_an_unknown_family_has_no_address()
    {
        Assert.Equal(new MilterConnectInfo("localhost", 'U', 0, ""), MilterFields.Connect([.. Z("localhost"), (byte)'U']));
    }

    [Fact]
    public void Connect_without_its_address_is_refused()
    {
        Assert.Throws<MilterProtocolException>(() => MilterFields.Connect([.. Z("x"), (byte)'4', 0]));
        Assert.Throws<MilterProtocolException>(() => MilterFields.Connect("no-nul"u8));
    }

    [Fact]
    public void Macros_come_in_name_value_pairs_for_a_command()
    {
        var (stage, macros) = MilterFields.Macros([(byte)'M', .. Z("i"), .. Z("4ABC"), .. Z("{auth_authen}"), .. Z("alice")]);
        Assert.Equal((byte)'M', stage);
        Assert.Equal([("i", "4ABC"), ("{auth_authen}", "alice")], macros);
        Assert.Throws<MilterProtocolException>(() => MilterFields.Macros([(byte)'M', .. Z("i")]));
    }

    [Fact]
    public void A_string_without_its_NUL_is_refused()
    {
        Assert.Throws<MilterProtocolException>(() => MilterFields.Strings("abc"u8, "test"));
    }

    [Fact]
    public void Text_that_is_not_UTF8_is_kept_as_Latin1()
    {
        Assert.Equal("caf\u00e9", MilterFields.Text([0x63, 0x61, 0x66, 0xE9]));
        Assert.Equal("日本", MilterFields.Text(System.Text.Encoding.UTF8.GetBytes("日本")));
    }
}
