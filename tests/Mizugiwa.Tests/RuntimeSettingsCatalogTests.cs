using Mizugiwa.Configuration;
using Mizugiwa.Storage.Settings;

namespace Mizugiwa.Tests;

/// <summary>The runtime settings: checked with the configuration's rules, laid over the configuration whatever order they were saved in.</summary>
public sealed class RuntimeSettingsCatalogTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private static SettingEntry Saved(string key, string value) => new(key, value, "admin", T0);

    [Theory]
    [InlineData("Checks:Rgrey:DelaySeconds", "-1", "Checks:Rgrey: DelaySeconds >= 0")]
    [InlineData("Checks:Rgrey:DelaySeconds", "9999999", "Checks:Rgrey:DelaySeconds 9999999 must be shorter than Checks:Rgrey:RetryWindowHours 48")]
    [InlineData("Checks:Rgrey:DelaySeconds", "1.5", "Checks:Rgrey:DelaySeconds: '1.5' is not a whole number")]
    [InlineData("Content:SpamScore", "0", "Content:SpamScore 0 must be above 0")]
    [InlineData("Content:SpamScore", "NaN", "Content:SpamScore: 'NaN' is not a number")]
    [InlineData("Content:RejectScore", "3", "Content:RejectScore 3 must be above Content:SpamScore 5")]
    [InlineData("Mx:Port", "25", "'Mx:Port' is not a runtime setting")]
    public void A_bad_value_is_refused_naming_the_setting_and_why(string key, string value, string problem)
    {
        Assert.Contains(problem, RuntimeSettings.Validate(new MizugiwaOptions(), key, value));
    }

    [Theory]
    [InlineData("checks:rgrey:delayseconds", "0")]
    [InlineData("Content:SpamScore", "4.5")]
    [InlineData("Content:RejectScore", "off")]
    [InlineData("Content:RejectScore", "12")]
    public void A_good_value_passes(string key, string value) => Assert.Null(RuntimeSettings.Validate(new MizugiwaOptions(), key, value));

    [Fact]
    public void Saved_settings_override_the_configuration_without_changing_it()
    {
        var configured = new MizugiwaOptions();
        configured.Checks.Rgrey.DelaySeconds = 600;
        var effective = RuntimeSettings.Effective(configured, [Saved("Checks:Rgrey:DelaySeconds", "60"), Saved("Content:SpamScore", "4.5")]);
        Assert.Equal(60, effective.Checks.Rgrey.DelaySeconds);
        Assert.Equal(4.5, effective.Content.SpamScore);
        Assert.Equal(600, configured.Checks.Rgrey.DelaySeconds);
        Assert.Equal(5.0, configured.Content.SpamScore);
    }

    [Fact]
    public void Settings_valid_only_together_apply_whatever_their_order_and_an_invalid_one_is_skipped()
    {
        var configured = new MizugiwaOptions();
        configured.Content.SpamScore = 50;
        configured.Content.RejectScore = 100;
        // Content:RejectScore 10 alone is below the configured SpamScore 50; with SpamScore 5 it is fine.
        var effective = RuntimeSettings.Effective(configured,
            [Saved("Content:RejectScore", "10"), Saved("Content:SpamScore", "5"), Saved("Checks:Rgrey:DelaySeconds", "-3")]);
        Assert.Equal(5, effective.Content.SpamScore);
        Assert.Equal(10, effective.Content.RejectScore);
        Assert.Equal(300, effective.Checks.Rgrey.DelaySeconds);
    }
}
