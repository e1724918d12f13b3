using System.Text;
using Mizugiwa.Storage.Import;

namespace Mizugiwa.Storage.Tests.Import;

/// <summary>RFC 4180 reading: quotes, commas and newlines inside quotes, BOM, CRLF/LF, line numbers and errors.</summary>
public sealed class CsvParserTests
{
    [Fact]
    public void Quoted_fields_hold_commas_doubled_quotes_and_newlines_and_lines_are_counted()
    {
        var records = CsvParser.Parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nplain,,last\r\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["a", "b", "c"], records[0].Fields);
        Assert.Equal(["x, y", "say \"hi\"", "two\r\nlines"], records[1].Fields);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(["plain", "", "last"], records[2].Fields);
        Assert.Equal(4, records[2].Line);
    }

    [Theory]
    [InlineData("\uFEFFaddress,password\nbob@x.test,pw\n")]
    [InlineData("address,password\r\nbob@x.test,pw\r\n")]
    [InlineData("address,password\rbob@x.test,pw")]
    [InlineData("address,password\n\nbob@x.test,pw")]
    public void Bom_crlf_lf_cr_blank_lines_and_a_missing_final_newline_read_alike(string text)
    {
        var records = CsvParser.Parse(text);

        Assert.Equal(2, records.Count);
        Assert.Equal(["address", "password"], records[0].Fields);
        Assert.Equal(["bob@x.test", "pw"], records[1].Fields);
    }

    [Fact]
    public void A_utf8_byte_order_mark_in_bytes_is_skipped_and_utf8_is_decoded()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("display_name\nJürgen Müller\n")).ToArray();

        var records = CsvParser.Parse(bytes);

        Assert.Equal("display_name", records[0].Fields[0]);
        Assert.Equal("Jürgen Müller", records[1].Fields[0]);
    }

    [Fact]
    public void Invalid_utf8_names_its_line()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("a\nb\n"), 0xC3, 0x28, (byte)'\n'];

        var e = Assert.Throws<CsvFormatException>(() => CsvParser.Parse(bytes));

        Assert.Equal(3, e.Line);
    }

    [Theory]
    [InlineData("a,b\n\"open,x\nmore\n", 2, "not closed")]
    [InlineData("a,b\nx,y\n\"q\"z,w\n", 3, "after the closing quote")]
    [InlineData("a,b\nx,y\nab\"c,d\n", 3, "quote inside an unquoted field")]
    [InlineData("a\n\"two\nlines\"x\n", 3, "after the closing quote")]
    public void Malformed_csv_names_the_line(string text, int line, string problem)
    {
        var e = Assert.Throws<CsvFormatException>(() => CsvParser.Parse(text));

        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void Trailing_comma_gives_an_empty_last_field_and_empty_text_no_records()
    {
        Assert.Equal(["a", ""], CsvParser.Parse("a,")[0].Fields);
        Assert.Empty(CsvParser.Parse(""));
        Assert.Empty(CsvParser.Parse("\uFEFF"));
    }
}
