using System.Collections;

namespace Mizugiwa.Tests;

/// <summary>An environment for ConfigurationLoader.Load holding only the given settings ("Section__Key" pairs, prefixed MIZUGIWA__).</summary>
internal static class SettingsEnvironment
{
    public static Hashtable Env(params (string Key, string Value)[] pairs) => Variables([.. pairs.Select(p => ("MIZUGIWA__" + p.Key, p.Value))]);

    /// <summary>The same with whole variable names ("MIZUGIWA__Section__Key", or anything else the test wants to be ignored).</summary>
    public static Hashtable Variables(params (string Name, string Value)[] pairs)
    {
        var env = new Hashtable { ["PATH"] = "/usr/bin" };
        foreach (var (name, value) in pairs) env[name] = value;
        return env;
    }
}
