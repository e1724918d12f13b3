using Mizugiwa.Content.Fingerprints;
using Mizugiwa.Storage.State;
using Mizugiwa.Storage.Tests.Support;
using StackExchange.Redis;

namespace Mizugiwa.Content.Tests.Fingerprints;

/// <summary>Two nodes (two databases, two connections) sharing a real redis-server.</summary>
public sealed class FingerprintRedisTests
{
    [Fact]
    public async Task WhatOneNodeAddsTheOtherMatchesAndARemovalIsSeenByBoth()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connectionA = await ConnectAsync(redis);
        await using var connectionB = await ConnectAsync(redis);
        var storeOptions = new RedisStateOptions { KeyPrefix = "fptest:" };
        var nodeA = new FingerprintDatabase(new RedisStateStore(connectionA, TimeProvider.System, storeOptions));
        var storeB = new RedisStateStore(connectionB, TimeProvider.System, storeOptions);
        var nodeB = new FingerprintDatabase(storeB);

        var pdf = TestMessages.RandomBytes(2048, seed: 3);
        var added = await nodeA.AddAsync(TestMessages.Build(new MimeKit.Multipart("mixed")
        {
            new MimeKit.TextPart("plain") { Text = TestMessages.SpamText },
            TestMessages.Attachment(pdf, "a.pdf", MimeKit.ContentEncoding.Base64),
        }), "node-a.eml");
        Assert.Equal(3, added.Stored.Count); // text exact, text fuzzy, attachment exact

        var resent = TestMessages.Build(new MimeKit.Multipart("mixed")
        {
            new MimeKit.TextPart("html") { Text = "<p>" + TestMessages.SpamText.Replace("bank details", "bank account 4471 details", StringComparison.Ordinal) + "</p>" },
            TestMessages.Attachment(pdf, "b.pdf", MimeKit.ContentEncoding.Base64),
        });
        var roundTripsBefore = storeB.RoundTrips;
        var matches = await nodeB.MatchAsync(resent);
        Assert.Equal(3, storeB.RoundTrips - roundTripsBefore); // all exact hashes, the text's bands, its candidates
        Assert.Equal([FingerprintKind.Exact, FingerprintKind.Fuzzy], matches.Select(m => m.Kind).Order());
        Assert.Equal(added.Stored.Select(s => s.Id).Order(), (await nodeB.ListAsync()).Select(e => e.Id).Order());
        Assert.All(await nodeB.ListAsync(), e => Assert.Equal("node-a.eml", e.Source));

        foreach (var id in matches.Select(m => m.Id)) Assert.True(await nodeB.RemoveAsync(id));
        Assert.Empty(await nodeA.MatchAsync(resent));
        Assert.Single(await nodeA.ListAsync()); // the text's exact fingerprint was not matched, so not removed
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(RedisServer server)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { server.EndPoint },
            AbortOnConnectFail = false,
            ConnectTimeout = 5000,
            AsyncTimeout = 5000,
            SyncTimeout = 5000,
        }).WaitAsync(TimeSpan.FromSeconds(15));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!redis.IsConnected) await Task.Delay(20, limit.Token);
        return redis;
    }
}
