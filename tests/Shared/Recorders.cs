using Microsoft.Extensions.Logging;
using Mizugiwa.Core;

namespace Mizugiwa.Testing;

/// <summary>Keeps the decisions a protocol handler logs, for tests that look at them while its connections run.</summary>
internal sealed class RecordingDecisionLog : IDecisionLog
{
    private readonly Lock _lock = new();
    private readonly List<DecisionRecord> _records = [];

    public IReadOnlyList<DecisionRecord> Records
    {
        get { lock (_lock) return [.. _records]; }
    }

    public void Record(DecisionRecord decision)
    {
        lock (_lock) _records.Add(decision);
    }
}

/// <summary>Keeps what is logged, safe to read while connections log from other threads.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly Lock _lock = new();
    private readonly List<(LogLevel Level, string Message)> _lines = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Lines
    {
        get { lock (_lock) return [.. _lines]; }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lock) _lines.Add((logLevel, formatter(state, exception)));
    }
}
