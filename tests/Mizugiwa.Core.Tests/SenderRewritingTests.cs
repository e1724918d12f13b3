using System.Text;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Core;

namespace Mizugiwa.Core.Tests;

public sealed class SenderRewritingTests
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("a secret of more than sixteen bytes");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));

    private SenderRewriting Srs(byte[]? secret = null) => new(secret ?? Secret, _time);

    private static string LocalPart(string address) => address[..address.LastIndexOf('@')];

    [Fact]
    public void A_sender_is_rewritten_into_the_forwarders_domain_in_the_documented_format_and_reversed()
    {
        var rewritten = Srs().Forward("alice@sender.test", "example.test");

        Assert.Matches(@"^SRS0=[A-Za-z0-9+/]{4}=[A-Z2-7]{2}=sender\.test=alice@example\.test$", rewritten);
        var reversal = Srs().Reverse(LocalPart(rewritten));
        Assert.Null(reversal.Error);
        Assert.Equal("alice@sender.test", reversal.Original!.ToString());
    }

    [Fact]
    public void The_null_sender_and_a_sender_of_the_forwarders_own_domain_stay_as_they_are()
    {
        Assert.Equal("", Srs().Forward("", "example.test"));
        Assert.Equal("bob@example.test", Srs().Forward("bob@example.test", "example.test"));
    }

    [Fact]
    public void A_sender_another_forwarder_rewrote_becomes_srs1_naming_that_forwarder_and_reverses_to_its_srs0_address()
    {
        var first = new SenderRewriting(Encoding.ASCII.GetBytes("the first forwarder's own secret"), _time);
        var srs0 = first.Forward("al@s.test", "fw1.test");

        var rewritten = Srs().Forward(srs0, "example.test");

        Assert.Equal($"SRS1={LocalPart(rewritten)[5..9]}=fw1.test=={LocalPart(srs0)[5..]}@example.test", rewritten);
        var reversal = Srs().Reverse(LocalPart(rewritten));
        Assert.Null(reversal.Error);
        Assert.Equal(srs0, reversal.Original!.ToString());
        Assert.Null(first.Reverse(reversal.Original.LocalPart).Error); // the first forwarder takes its bounce back
    }

    [Fact]
    public void Forwarding_an_srs1_sender_again_keeps_the_first_forwarder_and_a_forged_srs1_hash_is_refused()
    {
        var srs1 = new SenderRewriting(Encoding.ASCII.GetBytes("a second forwarder's own secret"), _time).Forward("SRS0=abcd=AB=s.test=al@fw1.test", "fw2.test");
        Assert.StartsWith("SRS1=", srs1);

        var rewritten = Srs().Forward(srs1, "example.test");

        Assert.EndsWith("=fw1.test==abcd=AB=s.test=al@example.test", rewritten);
        Assert.Equal("SRS0=abcd=AB=s.test=al@fw1.test", Srs().Reverse(LocalPart(rewritten)).Original!.ToString());
        Assert.Equal("forged SRS1 address (bad hash)", Srs().Reverse(LocalPart(srs1)).Error);
        Assert.Equal("malformed SRS1 address", Srs().Reverse("SRS1=abcd=fw1.test").Error);
        Assert.True(SenderRewriting.IsSrs("srs1=abcd=fw1.test==x"));
    }

    [Fact]
    public void A_local_part_that_would_grow_too_long_is_kept()
    {
        var sender = new string('x', 110) + "@sender.test";
        Assert.Equal(sender, Srs().Forward(sender, "example.test"));
    }

    [Fact]
    public void A_rewritten_address_is_accepted_until_its_maximum_age_and_refused_after()
    {
        var local = LocalPart(Srs().Forward("alice@sender.test", "example.test"));

        _time.Advance(TimeSpan.FromDays(21));
        Assert.Null(Srs().Reverse(local).Error);
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal("expired SRS0 address", Srs().Reverse(local).Error);
    }

    [Fact]
    public void A_timestamp_from_the_future_counts_as_expired()
    {
        var later = new SenderRewriting(Secret, new FakeTimeProvider(_time.GetUtcNow().AddDays(2)));
        var local = LocalPart(later.Forward("alice@sender.test", "example.test"));
        Assert.Equal("expired SRS0 address", Srs().Reverse(local).Error);
    }

    [Fact]
    public void A_forged_hash_a_changed_original_or_another_secret_is_refused()
    {
        var local = LocalPart(Srs().Forward("alice@sender.test", "example.test"));
        var parts = local.Split('=');

        parts[1] = parts[1].Equals("AAAA", StringComparison.OrdinalIgnoreCase) ? "BBBB" : "AAAA";
        var otherHash = string.Join('=', parts);
        Assert.Equal("forged SRS0 address (bad hash)", Srs().Reverse(otherHash).Error);
        Assert.Equal("forged SRS0 address (bad hash)", Srs().Reverse(local.Replace("=alice", "=mallory", StringComparison.Ordinal)).Error);
        Assert.Equal("forged SRS0 address (bad hash)", Srs(Encoding.ASCII.GetBytes("another secret, also long enough")).Reverse(local).Error);
    }

    [Theory]
    [InlineData("SRS0=abcd")]
    [InlineData("SRS0=abc=AB=sender.test=alice")]
    [InlineData("SRS0=abcd=ABC=sender.test=alice")]
    [InlineData("SRS0=abcd=AB==alice")]
    [InlineData("bob")]
    public void A_malformed_address_is_refused(string local) => Assert.NotNull(Srs().Reverse(local).Error);

    [Fact]
    public void Hash_and_timestamp_are_compared_without_case_as_some_MTAs_lower_case_local_parts()
    {
        var local = LocalPart(Srs().Forward("Alice@Sender.test", "example.test"));
        var reversal = Srs().Reverse(local.ToLowerInvariant());
        Assert.Null(reversal.Error);
        Assert.Equal("alice@sender.test", reversal.Original!.ToString());
    }

    [Fact]
    public void A_short_secret_is_refused() =>
        Assert.Throws<ArgumentException>(() => new SenderRewriting(new byte[8], _time));

    [Fact]
    public void The_secret_file_is_made_once_owner_only_and_read_again()
    {
        var directory = Path.Combine(Path.GetTempPath(), "srs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(directory, "srs.secret");
            var first = SenderRewriting.LoadOrCreateSecret(path);
            Assert.Equal(32, first.Length);
            Assert.Equal(first, SenderRewriting.LoadOrCreateSecret(path));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
