using Mizugiwa.Content.Dmarc;

namespace Mizugiwa.Content.Tests.Dmarc;

public sealed class DmarcRecordParserTests
{
    private static DmarcRecord Valid(string text)
    {
        var result = DmarcRecordParser.Parse(text);
        Assert.Equal(DmarcRecordKind.Valid, result.Kind);
        return result.Record!;
    }

    [Fact]
    public void Every_tag_is_read()
    {
        var record = Valid("v=DMARC1; p=reject; sp=quarantine; pct=25; adkim=s; aspf=s; rua=mailto:agg@example.com!10m, mailto:b@example.net; ruf=mailto:f@example.com; fo=1:d; rf=afrf; ri=3600");
        Assert.Equal(DmarcPolicy.Reject, record.Policy);
        Assert.Equal(DmarcPolicy.Quarantine, record.SubdomainPolicy);
        Assert.Equal(25, record.Percent);
        Assert.Equal(DmarcAlignment.Strict, record.DkimAlignment);
        Assert.Equal(DmarcAlignment.Strict, record.SpfAlignment);
        Assert.Equal(["mailto:agg@example.com", "mailto:b@example.net"], record.AggregateReportUris);
        Assert.Equal(["mailto:f@example.com"], record.FailureReportUris);
        Assert.Equal("1:d", record.FailureOptions);
        Assert.Equal(3600, record.ReportInterval);
        Assert.False(record.PolicyFromRua);
    }

    [Fact]
    public void Defaults_apply_to_absent_tags()
    {
        var record = Valid("v=DMARC1;p=none");
        Assert.Null(record.SubdomainPolicy);
        Assert.Equal(100, record.Percent);
        Assert.Equal(DmarcAlignment.Relaxed, record.DkimAlignment);
        Assert.Equal(DmarcAlignment.Relaxed, record.SpfAlignment);
        Assert.Equal("0", record.FailureOptions);
        Assert.Equal("afrf", record.ReportFormat);
        Assert.Equal(86400, record.ReportInterval);
    }

    [Theory]
    [InlineData("v=DMARC1; p=QUARANTINE", DmarcPolicy.Quarantine)]
    [InlineData("v = DMARC1 ; p = reject ;", DmarcPolicy.Reject)]
    [InlineData("v=DMARC1; p=none; p=reject", DmarcPolicy.None)]
    public void Policy_values_are_case_insensitive_and_whitespace_tolerant(string text, DmarcPolicy expected) =>
        Assert.Equal(expected, Valid(text).Policy);

    [Theory]
    [InlineData("p=reject; v=DMARC1")]
    [InlineData("v=DMARC2; p=reject")]
    [InlineData("v=dmarc1; p=reject")]
    [InlineData("v=spf1 -all")]
    [InlineData("")]
    public void Records_not_starting_with_v_dmarc1_are_not_dmarc(string text) =>
        Assert.Equal(DmarcRecordKind.NotDmarc, DmarcRecordParser.Parse(text).Kind);

    [Theory]
    [InlineData("v=DMARC1; rua=mailto:agg@example.com")]
    [InlineData("v=DMARC1; p=block; rua=mailto:agg@example.com")]
    [InlineData("v=DMARC1; p=reject; sp=maybe; rua=mailto:agg@example.com")]
    public void A_record_without_a_valid_policy_but_with_rua_counts_as_p_none(string text)
    {
        var record = Valid(text);
        Assert.Equal(DmarcPolicy.None, record.Policy);
        Assert.Null(record.SubdomainPolicy);
        Assert.True(record.PolicyFromRua);
    }

    [Theory]
    [InlineData("v=DMARC1")]
    [InlineData("v=DMARC1; p=block")]
    [InlineData("v=DMARC1; p=reject; sp=maybe")]
    [InlineData("v=DMARC1; p=block; rua=not a uri")]
    [InlineData("v=DMARC1; rua=/var/reports")]
    public void A_record_without_a_valid_policy_nor_rua_is_invalid(string text)
    {
        var result = DmarcRecordParser.Parse(text);
        Assert.Equal(DmarcRecordKind.Invalid, result.Kind);
        Assert.NotNull(result.Error);
    }

    [Theory]
    [InlineData("pct=150")]
    [InlineData("pct=-5")]
    [InlineData("pct=half")]
    public void A_bad_pct_falls_back_to_100(string tag) => Assert.Equal(100, Valid($"v=DMARC1; p=reject; {tag}").Percent);

    [Fact]
    public void Unknown_tags_and_bad_alignment_values_are_ignored()
    {
        var record = Valid("v=DMARC1; p=quarantine; adkim=x; future=1; pct=0");
        Assert.Equal(DmarcAlignment.Relaxed, record.DkimAlignment);
        Assert.Equal(0, record.Percent);
    }
}
