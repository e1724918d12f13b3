using System.Text;
using Mizugiwa.Core;
using Mizugiwa.Smtp.Tests.Support;
using static Mizugiwa.Smtp.Tests.Support.AuthHarness;

namespace Mizugiwa.Smtp.Tests.Auth;

/// <summary>AUTH (RFC 4954) state handling on a submission listener, through the transcript harness.</summary>
public sealed class AuthTranscriptTests
{
    private const string Message = "Subject: hi\r\n\r\nHello\r\n";

    [Fact]
    public async Task Ehlo_offers_the_mechanisms_on_submission()
    {
        var transcript = await Create().RunAsync("EHLO c\r\nQUIT\r\n");
        Assert.Contains("250-AUTH SCRAM-SHA-256 PLAIN LOGIN\r\n", transcript);
    }

    [Fact]
    public async Task Mx_does_not_offer_auth_and_answers_503()
    {
        var h = Create(kind: SmtpListenerKind.Mx);
        var transcript = await h.RunAsync($"EHLO c\r\nAUTH PLAIN {AlicePlain}\r\nMAIL FROM:<x@remote.test>\r\nRCPT TO:<y@remote.test>\r\nQUIT\r\n");
        Assert.DoesNotContain("250-AUTH", transcript);
        Assert.Equal(["220", "250", "503", "250", "554", "221"], SessionHarness.Codes(transcript));
        Assert.Contains("503 5.5.1 Error: authentication not enabled", transcript);
    }

    [Fact]
    public async Task Mx_offers_auth_when_configured()
    {
        var h = Create(o => o with { OfferOnMx = true }, kind: SmtpListenerKind.Mx);
        var transcript = await h.RunAsync($"EHLO c\r\nAUTH PLAIN {AlicePlain}\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<y@remote.test>\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "235", "250", "250", "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Without_tls_auth_is_not_offered_unless_plaintext_is_allowed()
    {
        var h = Create(o => o with { AllowPlaintextAuth = false });
        var transcript = await h.RunAsync($"EHLO c\r\nAUTH PLAIN {AlicePlain}\r\nMAIL FROM:<alice@example.test>\r\nQUIT\r\n");
        Assert.DoesNotContain("250-AUTH", transcript);
        Assert.Contains("\r\n503 5.5.1 Error: authentication not enabled\r\n", transcript);
        Assert.Contains("\r\n530 5.7.0 Authentication required\r\n", transcript);
    }

    [Fact]
    public async Task Mail_before_auth_gets_530()
    {
        var h = Create();
        var transcript = await h.RunAsync("EHLO c\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "530", "503", "503", "221"], SessionHarness.Codes(transcript));
        Assert.Contains("530 5.7.0 Authentication required", transcript);
        Assert.Empty(h.Spool.Committed);
    }

    [Fact]
    public async Task Plain_with_initial_response_then_mail_to_a_remote_and_a_local_recipient()
    {
        var h = Create();
        var transcript = await h.RunAsync(
            $"EHLO c\r\nAUTH PLAIN {AlicePlain}\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<friend@remote.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n{Message}.\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "235", "250", "250", "250", "354", "250", "221"], SessionHarness.Codes(transcript));
        Assert.Contains("235 2.7.0 Authentication successful", transcript);
        var (envelope, content) = Assert.Single(h.Spool.Committed);
        var remote = Assert.Single(envelope.Recipients, r => r.Address == "friend@remote.test");
        Assert.Equal(Routes.Mx, remote.Route);
        Assert.Equal("friend@remote.test", remote.Mailbox);
        var local = Assert.Single(envelope.Recipients, r => r.Address == "bob@example.test");
        Assert.Null(local.Route);
        Assert.Equal("bob@example.test", local.Mailbox);
        var text = Encoding.UTF8.GetString(content);
        Assert.StartsWith("Received: from c (unknown [127.0.0.1])\r\n\t(Authenticated sender: alice@example.test)\r\n\tby mx.example.test (Mizugiwa) with ESMTPA id ", text);
    }

    [Fact]
    public async Task Plain_without_initial_response_gets_an_empty_challenge()
    {
        var transcript = await Create().RunAsync($"EHLO c\r\nAUTH PLAIN\r\n{AlicePlain}\r\nQUIT\r\n");
        Assert.Contains("\r\n334 \r\n235 2.7.0", transcript);
    }

    [Fact]
    public async Task Login_asks_for_user_name_and_password()
    {
        var transcript = await Create().RunAsync($"EHLO c\r\nAUTH LOGIN\r\n{B64("alice@example.test")}\r\n{B64(FakeCredentials.AlicePassword)}\r\nQUIT\r\n");
        Assert.Contains("\r\n334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n235 2.7.0", transcript);
    }

    [Fact]
    public async Task Login_takes_the_user_name_as_initial_response()
    {
        var transcript = await Create().RunAsync($"EHLO c\r\nAUTH login {B64("ALICE@example.test")}\r\n{B64(FakeCredentials.AlicePassword)}\r\nMAIL FROM:<alice@example.test>\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "334", "235", "250", "221"], SessionHarness.Codes(transcript));
    }

    [Theory]
    [InlineData("AUTH PLAIN {0}", "wrong")]
    [InlineData("AUTH PLAIN {0}", "")]
    public async Task Bad_credentials_get_535_and_a_warning_naming_client_and_user(string command, string password)
    {
        var h = Create();
        var logger = new Mizugiwa.Testing.ListLogger<AuthTranscriptTests>();
        h.Logger = logger;
        var transcript = await h.RunAsync($"EHLO c\r\n{string.Format(null, command, Plain("alice@example.test", password))}\r\nMAIL FROM:<alice@example.test>\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "535", "530", "221"], SessionHarness.Codes(transcript));
        Assert.Contains("535 5.7.8 Error: authentication credentials invalid", transcript);
        var warning = Assert.Single(logger.Lines, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains("client=127.0.0.1", warning.Message);
        Assert.Contains("user=alice@example.test", warning.Message);
    }

    [Fact]
    public async Task Unknown_user_and_another_users_authorization_identity_fail()
    {
        var transcript = await Create().RunAsync(
            $"EHLO c\r\nAUTH PLAIN {Plain("nobody@example.test", "x")}\r\nAUTH PLAIN {Plain("alice@example.test", FakeCredentials.AlicePassword, "bob@example.test")}\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "535", "535", "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Star_cancels_the_exchange_with_501()
    {
        var transcript = await Create().RunAsync($"EHLO c\r\nAUTH LOGIN\r\n*\r\nAUTH PLAIN {AlicePlain}\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "334", "501", "235", "221"], SessionHarness.Codes(transcript));
        Assert.Contains("501 5.0.0 Authentication cancelled", transcript);
    }

    [Theory]
    [InlineData("AUTH PLAIN not*base64\r\n")]
    [InlineData("AUTH PLAIN YWxp=Y2U=\r\n")]
    [InlineData("AUTH PLAIN\r\n%%%%\r\n")]
    [InlineData("AUTH LOGIN\r\nYWxpY2U\r\n")]
    public async Task Bad_base64_gets_501_5_5_2(string exchange)
    {
        var transcript = await Create().RunAsync($"EHLO c\r\n{exchange}QUIT\r\n");
        Assert.Contains("\r\n501 5.5.2 Cannot decode response\r\n", transcript);
        Assert.EndsWith("221 2.0.0 Bye\r\n", transcript);
    }

    [Fact]
    public async Task Continuation_lines_may_be_12288_octets_but_not_more()
    {
        var fits = new string('A', 12284); // + CRLF = 12286 octets
        var tooLong = new string('A', 12300);
        var transcript = await Create().RunAsync($"EHLO c\r\nAUTH PLAIN\r\n{fits}\r\nAUTH PLAIN\r\n{tooLong}\r\nNOOP\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "334", "535", "334", "500", "250", "221"], SessionHarness.Codes(transcript));
        Assert.Contains("500 5.5.6 Authentication exchange line is too long", transcript);
    }

    [Fact]
    public async Task Unknown_mechanism_second_auth_and_auth_in_a_transaction_are_refused()
    {
        var transcript = await Create().RunAsync(
            $"EHLO c\r\nAUTH CRAM-MD5\r\nAUTH PLAIN {AlicePlain}\r\nAUTH PLAIN {AlicePlain}\r\nMAIL FROM:<alice@example.test>\r\nAUTH LOGIN\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "504", "235", "503", "250", "503", "221"], SessionHarness.Codes(transcript));
        Assert.Contains("504 5.5.4 Unrecognized authentication type", transcript);
        Assert.Contains("503 5.5.1 Error: already authenticated", transcript);
    }

    [Fact]
    public async Task Auth_before_ehlo_is_a_bad_sequence()
    {
        var transcript = await Create().RunAsync($"AUTH PLAIN {AlicePlain}\r\nQUIT\r\n");
        Assert.Equal(["220", "503", "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Equals_sign_is_an_empty_initial_response()
    {
        var transcript = await Create().RunAsync("EHLO c\r\nAUTH PLAIN =\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "535", "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task A_directory_failure_is_a_temporary_failure()
    {
        var transcript = await Create(credentials: new FakeCredentials { Broken = true }).RunAsync($"EHLO c\r\nAUTH PLAIN {AlicePlain}\r\nQUIT\r\n");
        Assert.Contains("\r\n454 4.7.0 Temporary authentication failure\r\n", transcript);
    }

    [Theory]
    [InlineData("alice@example.test", "250 2.1.0")]
    [InlineData("ALICE@Example.Test", "250 2.1.0")]
    [InlineData("sales@example.test", "250 2.1.0")] // an alias that reaches alice
    [InlineData("", "250 2.1.0")] // the null sender
    [InlineData("bob@example.test", "553 5.7.1")]
    [InlineData("alice@remote.test", "553 5.7.1")]
    [InlineData("nobody@example.test", "553 5.7.1")]
    [InlineData("postmaster@example.test", "553 5.7.1")]
    public async Task The_sender_must_belong_to_the_user(string sender, string expected)
    {
        var h = Create();
        var transcript = await h.RunAsync($"EHLO c\r\nAUTH PLAIN {AlicePlain}\r\nMAIL FROM:<{sender}>\r\nQUIT\r\n");
        Assert.Contains($"\r\n{expected} ", transcript);
        if (expected.StartsWith("553", StringComparison.Ordinal))
            Assert.Contains("Sender address rejected: not owned by user alice@example.test", transcript);
    }

    [Fact]
    public async Task Sender_ownership_can_be_turned_off()
    {
        var transcript = await Create(o => o with { EnforceSenderOwnership = false }).RunAsync($"EHLO c\r\nAUTH PLAIN {AlicePlain}\r\nMAIL FROM:<someone@remote.test>\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "235", "250", "221"], SessionHarness.Codes(transcript));
    }

    [Theory]
    [InlineData("AUTH=<>", "250")]
    [InlineData("AUTH=alice+40example.test", "250")]
    [InlineData("AUTH=bad+zz", "501")]
    [InlineData("AUTH", "501")]
    public async Task Auth_parameter_of_mail_is_checked_for_syntax(string parameter, string expected)
    {
        var transcript = await Create().RunAsync($"EHLO c\r\nAUTH PLAIN {AlicePlain}\r\nMAIL FROM:<alice@example.test> {parameter}\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "235", expected, "221"], SessionHarness.Codes(transcript));
    }

    [Theory]
    [InlineData("user@remote.test")]
    [InlineData("user%remote.test@example.test")]
    [InlineData("@example.test:user@remote.test")]
    [InlineData("\"user@remote.test\"@example.test")]
    [InlineData("user@[127.0.0.1]")]
    public async Task Without_auth_nothing_gets_through_submission(string rcpt)
    {
        var h = Create();
        var transcript = await h.RunAsync($"EHLO c\r\nAUTH PLAIN {Plain("alice@example.test", "guess")}\r\nMAIL FROM:<s@remote.test>\r\nRCPT TO:<{rcpt}>\r\nDATA\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "535", "530", "503", "503", "221"], SessionHarness.Codes(transcript));
        Assert.Empty(h.Spool.Committed);
    }

    [Theory]
    [InlineData("user@remote.test", "554 5.7.1")]
    [InlineData("user%remote.test@example.test", "550 5.1.1")]
    [InlineData("@example.test:user@remote.test", "554 5.7.1")]
    [InlineData("user@[127.0.0.1]", "554 5.7.1")]
    public async Task Relay_tricks_stay_refused_where_auth_is_offered_but_not_done(string rcpt, string expected)
    {
        var h = Create(o => o with { OfferOnMx = true }, kind: SmtpListenerKind.Mx);
        var transcript = await h.RunAsync($"EHLO c\r\nMAIL FROM:<s@remote.test>\r\nRCPT TO:<{rcpt}>\r\nQUIT\r\n");
        Assert.Contains($"\r\n{expected} ", transcript);
    }

    [Fact]
    public async Task The_hourly_message_limit_answers_451_and_logs_a_warning()
    {
        var h = Create(o => o with { MessagesPerHour = 1 });
        var logger = new Mizugiwa.Testing.ListLogger<AuthTranscriptTests>();
        h.Logger = logger;
        var send = $"MAIL FROM:<alice@example.test>\r\nRCPT TO:<x@remote.test>\r\nDATA\r\n{Message}.\r\n";
        var transcript = await h.RunAsync($"EHLO c\r\nAUTH PLAIN {AlicePlain}\r\n{send}MAIL FROM:<alice@example.test>\r\nRCPT TO:<x@remote.test>\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "235", "250", "250", "354", "250", "451", "503", "221"], SessionHarness.Codes(transcript));
        Assert.Contains("451 4.7.1 Error: hourly limit of messages reached", transcript);
        Assert.Single(h.Spool.Committed);
        Assert.Contains(logger.Lines, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("SENDING LIMIT REACHED user=alice@example.test"));

        h.Time.Advance(TimeSpan.FromHours(1));
        var later = await h.RunAsync($"EHLO c\r\nAUTH PLAIN {AlicePlain}\r\n{send}QUIT\r\n");
        Assert.Equal(["220", "250", "235", "250", "250", "354", "250", "221"], SessionHarness.Codes(later));
    }

    [Fact]
    public async Task The_hourly_recipient_limit_counts_the_open_transaction()
    {
        var h = Create(o => o with { RecipientsPerHour = 2 });
        var transcript = await h.RunAsync(
            $"EHLO c\r\nAUTH PLAIN {AlicePlain}\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<a@remote.test>\r\nRCPT TO:<b@remote.test>\r\nRCPT TO:<c@remote.test>\r\nDATA\r\n{Message}.\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<d@remote.test>\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "235", "250", "250", "250", "451", "354", "250", "250", "451", "221"], SessionHarness.Codes(transcript));
        Assert.Equal(2, Assert.Single(h.Spool.Committed).Envelope.Recipients.Count);
    }

    [Fact]
    public async Task Received_header_says_esmtpsa_only_with_tls_so_here_esmtpa_and_smtputf8_gives_utf8smtpa()
    {
        var h = Create();
        await h.RunAsync($"EHLO c\r\nAUTH PLAIN {AlicePlain}\r\nMAIL FROM:<alice@example.test> SMTPUTF8\r\nRCPT TO:<x@remote.test>\r\nDATA\r\n{Message}.\r\nQUIT\r\n");
        Assert.Contains(" with UTF8SMTPA id ", Encoding.UTF8.GetString(Assert.Single(h.Spool.Committed).Content));
    }
}
