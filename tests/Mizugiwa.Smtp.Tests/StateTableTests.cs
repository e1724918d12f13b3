namespace Mizugiwa.Smtp.Tests;

public sealed class StateTableTests
{
    [Theory]
    [InlineData(SmtpVerb.Mail, SessionPhase.Connected, false)]
    [InlineData(SmtpVerb.Mail, SessionPhase.Greeted, true)]
    [InlineData(SmtpVerb.Mail, SessionPhase.MailGiven, false)]
    [InlineData(SmtpVerb.Rcpt, SessionPhase.Greeted, false)]
    [InlineData(SmtpVerb.Rcpt, SessionPhase.MailGiven, true)]
    [InlineData(SmtpVerb.Rcpt, SessionPhase.RcptGiven, true)]
    [InlineData(SmtpVerb.Data, SessionPhase.Greeted, false)]
    [InlineData(SmtpVerb.Data, SessionPhase.RcptGiven, true)]
    [InlineData(SmtpVerb.StartTls, SessionPhase.Connected, false)]
    [InlineData(SmtpVerb.StartTls, SessionPhase.Greeted, true)]
    [InlineData(SmtpVerb.StartTls, SessionPhase.MailGiven, false)]
    [InlineData(SmtpVerb.Noop, SessionPhase.Connected, true)]
    [InlineData(SmtpVerb.Ehlo, SessionPhase.RcptGiven, true)]
    public void Table_says_which_command_is_allowed_when(SmtpVerb verb, SessionPhase phase, bool allowed) =>
        Assert.Equal(allowed, SmtpStateTable.IsAllowed(verb, phase));

    [Theory]
    [InlineData("mail FROM:<a@b.test>", SmtpVerb.Mail, "FROM:<a@b.test>")]
    [InlineData("QUIT", SmtpVerb.Quit, "")]
    [InlineData("StartTLS", SmtpVerb.StartTls, "")]
    [InlineData("XYZZY 1", SmtpVerb.Unknown, "1")]
    public void Commands_parse_case_insensitively(string line, SmtpVerb verb, string argument)
    {
        var command = SmtpCommand.Parse(line);
        Assert.Equal(verb, command.Verb);
        Assert.Equal(argument, command.Argument);
    }

    [Theory]
    [InlineData("FROM:<a@b.test>", "a@b.test", 0)]
    [InlineData("FROM: <a@b.test> SIZE=5 BODY=8BITMIME", "a@b.test", 2)]
    [InlineData("FROM:<>", "", 0)]
    [InlineData("FROM:<@r1.test,@r2.test:a@b.test>", "a@b.test", 0)]
    [InlineData("FROM:<\"a>b\"@c.test>", "\"a>b\"@c.test", 0)]
    public void Paths_parse(string argument, string path, int parameterCount)
    {
        var parsed = PathArgument.TryParse(argument, "FROM", out var error);
        Assert.Null(error);
        Assert.Equal(path, parsed!.Path);
        Assert.Equal(parameterCount, parsed.Parameters.Count);
    }

    [Theory]
    [InlineData("FROM:<a@b.test")]
    [InlineData("FROM:<a@b.test>x")]
    [InlineData("TO:<a@b.test>")]
    [InlineData("FROM:<@:a@b.test>")]
    [InlineData("FROM:<a@b.test> SIZE=1 SIZE=2")]
    public void Bad_paths_are_refused(string argument) =>
        Assert.Null(PathArgument.TryParse(argument, "FROM", out _));
}
