using System.Collections;

namespace Mizugiwa.IntegrationTests.Infrastructure;

/// <summary>The mizugiwa program as built next to the test assembly (the project reference copies it there).</summary>
public static class MizugiwaExecutable
{
    public const string EnvironmentPrefix = "MIZUGIWA__";

    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "mizugiwa.dll");

    /// <summary>
    /// Environment for a run: every inherited MIZUGIWA__ variable removed (so the machine's settings
    /// cannot leak in), then DataDirectory and <paramref name="settings"/> (keys like "Mx__Port").
    /// </summary>
    public static Dictionary<string, string?> Environment(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            var key = (string)entry.Key;
            if (key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)) environment[key] = null;
        }
        environment[EnvironmentPrefix + "DataDirectory"] = dataDirectory;
        if (settings is not null)
        {
            foreach (var (key, value) in settings) environment[EnvironmentPrefix + key] = value;
        }
        return environment;
    }

    /// <summary>Runs <c>dotnet mizugiwa.dll ARGS</c> to completion (bounded) with the given environment.</summary>
    public static Task<ProcessResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment, string? stdin = null, string? workingDirectory = null) =>
        ExternalProcess.RunAsync("dotnet", [DllPath, .. args], environment, stdin, workingDirectory: workingDirectory);
}
