using System.Collections;
using Mizugiwa.Configuration;

namespace Mizugiwa.Tests;

/// <summary>Section Directory: SQLite by default; PostgreSQL only with a usable connection string; a default quota that is a size.</summary>
public sealed class DirectoryConfigurationTests
{
    private static Hashtable Env(params (string Name, string Value)[] pairs) => SettingsEnvironment.Variables(pairs);

    [Fact]
    public void Sqlite_is_the_default_and_postgres_is_taken_with_a_connection_string()
    {
        Assert.False(ConfigurationLoader.Load(null, Env()).Directory.UsesPostgres);
        var options = ConfigurationLoader.Load(null, Env(("MIZUGIWA__Directory__Backend", "postgres"), ("MIZUGIWA__Directory__ConnectionString", "Host=db1;Database=m"),
            ("MIZUGIWA__Directory__DefaultQuota", "2G")));
        Assert.True(options.Directory.UsesPostgres);
        Assert.Equal(2L << 30, Hosting.DirectoryFactory.DefaultQuota(options));
    }

    [Theory]
    [InlineData("Backend", "Mysql", "Directory:Backend 'Mysql' must be Sqlite or Postgres")]
    [InlineData("DefaultQuota", "lots", "Directory:DefaultQuota: quota 'lots' is not a size")]
    public void Bad_values_are_named(string key, string value, string message) =>
        Assert.Contains(message, Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env(($"MIZUGIWA__Directory__{key}", value)))).Message);

    [Theory]
    [InlineData(null, "Directory:ConnectionString must give the PostgreSQL connection string")]
    [InlineData("Hostt=db1", "Directory:ConnectionString is not a valid PostgreSQL connection string")]
    public void Postgres_needs_a_valid_connection_string(string? connectionString, string message)
    {
        var env = Env(("MIZUGIWA__Directory__Backend", "Postgres"));
        if (connectionString is not null) env["MIZUGIWA__Directory__ConnectionString"] = connectionString;
        Assert.Contains(message, Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, env)).Message);
    }
}
