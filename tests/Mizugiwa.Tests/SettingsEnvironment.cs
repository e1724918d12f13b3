using System.Collections;

namespace Mizugiwa.Tests;

/// <summary>An environment for ConfigurationLoader.Load holding only the given settings ("Section__Key" pairs, prefixed MIZUGIWA__).</summary>
internal static class SettingsEnvironment
{
    public static Hashtable Env(params (string Key, string Value)[] pairs)
    {
        var env = new Hashtable { ["PATH"] = "/usr/bin" };
        foreach (var (key, value) in pairs) env["MIZUGIWA__" + key] = value;
        return env;
    }
}
