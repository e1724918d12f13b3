using System.Runtime.Versioning;
using System.Text.Json;
using Mizugiwa.Delivery.Dkim;

namespace Mizugiwa.Delivery.Tests.Dkim;

public sealed class DkimKeyStoreTests : IDisposable
{
    private readonly DkimFixture _fixture = new();

    private DkimKeyStore Store => _fixture.Store;

    public void Dispose() => _fixture.Dispose();

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Generate_rsa_writes_a_2048_bit_pem_key_readable_only_by_the_owner_and_makes_it_active()
    {
        var key = Store.Generate("Example.COM.", "Mail2026", DkimAlgorithm.Rsa);

        Assert.Equal(("example.com", "mail2026", true), (key.Domain, key.Selector, key.Active));
        Assert.Equal(Path.Combine(_fixture.DataDirectory, "dkim", "example.com", "mail2026.key"), key.Path);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(key.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(key.Path)!));
        var loaded = DkimPrivateKey.FromFile(key.Path);
        Assert.Equal((DkimAlgorithm.Rsa, 2048), (loaded.Algorithm, loaded.Bits));
    }

    [Fact]
    public void Generate_ed25519_writes_a_pkcs8_key_whose_public_key_is_32_bytes()
    {
        var key = Store.Generate("example.com", "ed1", DkimAlgorithm.Ed25519);

        var loaded = DkimPrivateKey.FromFile(key.Path);
        Assert.Equal(DkimAlgorithm.Ed25519, loaded.Algorithm);
        Assert.Equal(32, loaded.PublicKey.Length);
        Assert.True(key.Active);
    }

    [Fact]
    public void Index_names_the_active_selector_per_key_type()
    {
        Store.Generate("example.com", "r1", DkimAlgorithm.Rsa);
        Store.Generate("example.com", "e1", DkimAlgorithm.Ed25519);

        using var index = JsonDocument.Parse(File.ReadAllText(Store.IndexPath));
        var domain = index.RootElement.GetProperty("example.com");
        Assert.Equal("r1", domain.GetProperty("rsa").GetString());
        Assert.Equal("e1", domain.GetProperty("ed25519").GetString());
    }

    [Fact]
    public void A_second_key_of_the_same_type_waits_until_it_is_activated()
    {
        Store.Generate("example.com", "old", DkimAlgorithm.Rsa);

        var added = Store.Generate("example.com", "new", DkimAlgorithm.Rsa);

        Assert.False(added.Active);
        Assert.Equal(["old"], Store.List("example.com").Where(k => k.Active).Select(k => k.Selector));
        Store.Activate("example.com", "new");
        Assert.Equal(["new"], Store.List("example.com").Where(k => k.Active).Select(k => k.Selector));
    }

    [Fact]
    public void Generating_an_existing_selector_fails_and_keeps_the_old_key()
    {
        var first = Store.Generate("example.com", "s1", DkimAlgorithm.Rsa);
        var pem = File.ReadAllText(first.Path);

        var e = Assert.Throws<DkimKeyException>(() => Store.Generate("EXAMPLE.com", "S1", DkimAlgorithm.Ed25519));

        Assert.Contains("selector s1 already exists for example.com", e.Message);
        Assert.Equal(pem, File.ReadAllText(first.Path));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("-bad.example")]
    [InlineData("exa mple.com")]
    [InlineData("../etc/passwd")]
    [InlineData("a..b")]
    public void Bad_domain_names_are_refused(string domain)
    {
        var e = Assert.Throws<DkimKeyException>(() => Store.Generate(domain, "s1", DkimAlgorithm.Rsa));

        Assert.Contains("not a valid domain name", e.Message);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("sel_1")]
    public void Bad_selectors_are_refused(string selector)
    {
        var e = Assert.Throws<DkimKeyException>(() => Store.Generate("example.com", selector, DkimAlgorithm.Rsa));

        Assert.Contains("not a valid selector", e.Message);
    }

    [Fact]
    public void International_domains_are_stored_under_their_ascii_name()
    {
        var key = Store.Generate("bücher.example", "s1", DkimAlgorithm.Ed25519);

        Assert.Equal("xn--bcher-kva.example", key.Domain);
    }

    [Fact]
    public void Unknown_domain_and_unknown_selector_are_clear_errors()
    {
        Store.Generate("example.com", "s1", DkimAlgorithm.Ed25519);

        Assert.Equal("no DKIM keys for example.org", Assert.Throws<DkimKeyException>(() => Store.List("example.org")).Message);
        Assert.Equal("example.com has no selector s2 (it has: s1)", Assert.Throws<DkimKeyException>(() => Store.Remove("example.com", "s2")).Message);
    }

    [Fact]
    public void Removing_the_active_key_stops_signing_with_that_type_and_removes_the_empty_domain()
    {
        var rsa = Store.Generate("example.com", "r1", DkimAlgorithm.Rsa);

        Store.Remove("example.com", "r1");

        Assert.False(File.Exists(rsa.Path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(rsa.Path)));
        Assert.Empty(Store.ActiveKeyFiles());
        Assert.Empty(Store.List());
    }

    [Fact]
    public void List_shows_every_key_sorted_with_unreadable_files_reported()
    {
        Store.Generate("b.example", "s1", DkimAlgorithm.Rsa);
        Store.Generate("a.example", "s2", DkimAlgorithm.Ed25519);
        File.WriteAllText(Path.Combine(Store.Root, "a.example", "broken.key"), "not a key");

        var keys = Store.List();

        Assert.Equal(["a.example/broken", "a.example/s2", "b.example/s1"], keys.Select(k => $"{k.Domain}/{k.Selector}"));
        Assert.NotNull(keys[0].Problem);
        Assert.Null(keys[0].ZoneLine);
    }

    [Fact]
    public void A_pkcs1_rsa_key_dropped_in_by_hand_can_be_activated()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        Directory.CreateDirectory(Path.Combine(Store.Root, "example.com"));
        File.WriteAllText(Store.KeyPath("example.com", "imported"), rsa.ExportRSAPrivateKeyPem());

        var key = Store.Activate("example.com", "imported");

        Assert.Equal(DkimAlgorithm.Rsa, key.Key!.Algorithm);
        Assert.Equal(rsa.ExportSubjectPublicKeyInfo(), key.Key.PublicKey);
        Assert.Single(Store.ActiveKeyFiles());
    }
}
