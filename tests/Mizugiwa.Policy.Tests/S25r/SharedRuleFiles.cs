using Mizugiwa.Tests.Shared;

namespace Mizugiwa.Policy.Tests.S25r;

/// <summary>The published S25R test material in ../shared/rules/s25r.</summary>
internal static class SharedRuleFiles
{
    public static string HostnameCases => SharedFolder.File("rules", "s25r", "s25r-hostname-cases.tsv");
    public static string WhitelistExamples => SharedFolder.File("rules", "s25r", "s25r-whitelist-examples.regexp");
}
