using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery;

/// <summary>
/// Delivers queued messages to local Maildirs: on start everything left in the queue (crash
/// recovery), then each message as the spool announces it. A message that cannot be delivered to
/// every recipient stays queued and is retried later, with a delay that doubles per attempt.
/// </summary>
public sealed class QueueManager : BackgroundService
{
    private readonly FileSpool _spool;
    private readonly QueueManagerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<QueueManager> _logger;
    private readonly LocalDelivery _delivery;
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly Lock _gate = new();
    /// <summary>Every queued message not yet finished, with its retry timer while it waits for one.</summary>
    private readonly Dictionary<string, ITimer?> _pending = [];
    /// <summary>Messages being delivered or waiting in <see cref="_ready"/> for a worker.</summary>
    private int _active;
    private TaskCompletionSource _idle = new();

    public QueueManager(FileSpool spool, string mailRoot, QueueManagerOptions options, TimeProvider timeProvider, ILogger<QueueManager> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DeliveryConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MinRetryDelay, TimeSpan.Zero);
        _spool = spool;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _delivery = new LocalDelivery(spool.Layout, mailRoot, new MaildirWriter(spool.Committer, timeProvider), spool.Committer, logger);
        _spool.Committed += OnCommitted;
    }

    /// <summary>Queued messages not yet delivered to all recipients, including those waiting for a retry.</summary>
    public int PendingCount
    {
        get { lock (_gate) return _pending.Count; }
    }

    /// <summary>Completes once no message is being delivered or waiting for a worker; messages waiting for a retry do not count.</summary>
    public Task WaitForIdleAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return _active == 0 ? Task.CompletedTask : _idle.Task.WaitAsync(cancellationToken);
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var queueId in _spool.QueuedIds()) Enqueue(queueId);
        _logger.LogInformation("queue: {Count} message(s) recovered", PendingCount);
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _options.DeliveryConcurrency).Select(_ => WorkAsync(stoppingToken)));

    public override void Dispose()
    {
        _spool.Committed -= OnCommitted;
        lock (_gate)
        {
            foreach (var timer in _pending.Values) timer?.Dispose();
        }
        base.Dispose();
    }

    private void OnCommitted(object? sender, string queueId) => Enqueue(queueId);

    private void Enqueue(string queueId)
    {
        lock (_gate)
        {
            if (_pending.TryAdd(queueId, null)) MarkReady(queueId);
        }
    }

    /// <summary>Hands a message to the workers; call with <see cref="_gate"/> held.</summary>
    private void MarkReady(string queueId)
    {
        if (_active++ == 0) _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ready.Writer.TryWrite(queueId);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var queueId in _ready.Reader.ReadAllAsync(stoppingToken))
                await ProcessAsync(queueId, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is left stays in the queue for the next start.
        }
    }

    private async Task ProcessAsync(string queueId, CancellationToken stoppingToken)
    {
        try
        {
            int? failedAttempts;
            try
            {
                failedAttempts = await _delivery.DeliverAsync(queueId, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                _logger.LogWarning("queue={QueueId} status=deferred ({Reason})", queueId, e.Message);
                failedAttempts = 1;
            }
            lock (_gate)
            {
                if (failedAttempts is { } attempts) _pending[queueId] = StartRetryTimer(queueId, attempts);
                else _pending.Remove(queueId);
            }
        }
        finally
        {
            lock (_gate)
            {
                if (--_active == 0) _idle.TrySetResult();
            }
        }
    }

    /// <summary>Call with <see cref="_gate"/> held.</summary>
    private ITimer StartRetryTimer(string queueId, int attempts) =>
        _timeProvider.CreateTimer(_ => OnRetryDue(queueId), null, _options.RetryDelay(attempts), Timeout.InfiniteTimeSpan);

    private void OnRetryDue(string queueId)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(queueId, out var timer) || timer is null) return;
            timer.Dispose();
            _pending[queueId] = null;
            MarkReady(queueId);
        }
    }
}
