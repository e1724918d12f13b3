using Mizugiwa.Content.Headers;

namespace Mizugiwa.Content.Tests.Headers;

public sealed class BulkMailerAnalyzerTests
{
    private static readonly BulkMailerAnalyzer Analyzer = new();

    [Theory]
    [InlineData("Group Mail 3.0")]
    [InlineData("Advanced Mass Sender v 3.21b")]
    [InlineData("QuickSender 1.05")]
    [InlineData("Atomic Mail Sender 9.2")]
    public void Known_mass_mailers_fire_XMAILER_BULK_TOOL(string mailer) =>
        Assert.Equal([BulkMailerAnalyzer.BulkMailer], new TestMail().Set("X-Mailer", mailer).Symbols(Analyzer));

    [Theory]
    [InlineData("Microsoft Outlook Express 6.00.2600.0000")]
    [InlineData("Mozilla Thunderbird")]
    [InlineData("exmh version 2.5 07/13/2001 with nmh-1.0.4")]
    public void Ordinary_mail_programs_are_fine(string mailer) =>
        Assert.Empty(new TestMail().Set("X-Mailer", mailer).Symbols(Analyzer));
}
