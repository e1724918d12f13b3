using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Testing;

namespace Mizugiwa.IntegrationTests;

/// <summary>The Postfix fixture when the port it chose is taken before the master binds it.</summary>
public sealed class PostfixInstanceTests
{
    [Fact]
    public async Task Postfix_starts_on_another_port_when_the_chosen_one_is_taken()
    {
        using var taken = new TakenPort();

        // smtpd asks the policy service only at RCPT; the banner needs none
        await using var postfix = await PostfixInstance.StartAsync(policyPort: FreePorts.Next(), taken.FirstThenFree());

        Assert.NotEqual(taken.Port, postfix.Port);
        await using var smtp = await RawSmtpConnection.ConnectAsync(postfix.Port);
        var banner = await smtp.ReadReplyAsync();
        Assert.Equal(220, banner.Code);
        Assert.Equal($"220 mta.postfix.test ESMTP {postfix.InstanceName}", banner.LastLine);
    }

    [Fact]
    public async Task Postfix_gives_up_with_its_log_when_every_port_is_taken()
    {
        using var taken = new TakenPort();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostfixInstance.StartAsync(policyPort: FreePorts.Next(), taken.Always()));

        Assert.Contains($"{FreshPortAttempts.DefaultAttempts} fresh ports", error.Message);
        Assert.Contains($"127.0.0.1:{taken.Port}", error.Message);
        Assert.Contains("Address already in use", error.Message);
    }
}
