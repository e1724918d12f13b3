using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery;

/// <summary>
/// Delivers queued messages — local recipients to Maildirs, routed ones through the outbound agent
/// (see <see cref="MessageProcessor"/>): on start everything left in the queue (crash recovery),
/// then each message as the spool announces it. A message that cannot be delivered to every
/// recipient stays queued and is retried when its next recipient is due. With a scan interval the
/// queue directory is also rescanned (messages put there by other processes, released holds) and a
/// flush requested by <c>mizugiwa queue flush</c> (the file <c>spool/flush</c>) is carried out.
/// </summary>
public sealed class QueueManager : BackgroundService
{
    private readonly FileSpool _spool;
    private readonly QueueManagerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<QueueManager> _logger;
    private readonly MessageProcessor _processor;
    private readonly ITimer? _scanTimer;
    /// <summary>Messages whose next round tries every pending recipient, due or not (flush).</summary>
    private readonly HashSet<string> _forced = [];
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly Lock _gate = new();
    /// <summary>Every queued message not yet finished, with its retry timer while it waits for one.</summary>
    private readonly Dictionary<string, ITimer?> _pending = [];
    /// <summary>Messages being delivered or waiting in <see cref="_ready"/> for a worker.</summary>
    private int _active;
    private TaskCompletionSource _idle = new();

    /// <summary>Maildir delivery only, without outbound delivery or DSNs.</summary>
    public QueueManager(FileSpool spool, string mailRoot, QueueManagerOptions options, TimeProvider timeProvider, ILogger<QueueManager> logger)
        : this(spool, mailRoot, options, DeliveryServices.LocalOnly, timeProvider, logger)
    {
    }

    public QueueManager(FileSpool spool, string mailRoot, QueueManagerOptions options, DeliveryServices services, TimeProvider timeProvider, ILogger<QueueManager> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DeliveryConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MinRetryDelay, TimeSpan.Zero);
        _spool = spool;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        var local = new LocalDelivery(mailRoot, new MaildirWriter(spool.Committer, timeProvider), services.Directory);
        var forwarder = services.Forwarding is { } forwarding
            ? new Forwarding.MailForwarder(spool, forwarding, services.Directory, local, services.DecisionLog, timeProvider, logger)
            : null;
        _processor = new MessageProcessor(spool.Layout, spool.Committer, local, options, services, timeProvider, logger, forwarder);
        _spool.Committed += OnCommitted;
        if (options.ScanInterval > TimeSpan.Zero)
            _scanTimer = timeProvider.CreateTimer(_ => Scan(), null, options.ScanInterval, options.ScanInterval);
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

    /// <summary>Tries every pending recipient of every queued message now, whatever its retry time (not held ones).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            foreach (var (queueId, timer) in _pending.ToList())
            {
                _forced.Add(queueId);
                if (timer is null) continue; // being delivered or about to be
                timer.Dispose();
                _pending[queueId] = null;
                MarkReady(queueId);
            }
        }
    }

    /// <summary>Picks up queued messages not yet known (from another process, or released from hold) and carries out a requested flush.</summary>
    public void Scan()
    {
        try
        {
            foreach (var queueId in _spool.QueuedIds()) Enqueue(queueId);
            if (!File.Exists(_spool.Layout.FlushRequest)) return;
            File.Delete(_spool.Layout.FlushRequest);
            _logger.LogInformation("queue: flush requested");
            Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("queue: scan failed: {Reason}", e.Message);
        }
    }

    public override void Dispose()
    {
        _scanTimer?.Dispose();
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
            bool force;
            lock (_gate) force = _forced.Remove(queueId);
            ProcessResult result;
            try
            {
                result = await _processor.ProcessAsync(queueId, force, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                _logger.LogWarning("queue={QueueId} status=deferred ({Reason})", queueId, e.Message);
                result = new ProcessResult(ProcessState.Waiting, _timeProvider.GetUtcNow() + _options.RetryDelay(1));
            }
            lock (_gate)
            {
                if (result.State == ProcessState.Waiting) _pending[queueId] = StartRetryTimer(queueId, result.RetryAt);
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
    private ITimer StartRetryTimer(string queueId, DateTimeOffset retryAt)
    {
        var delay = retryAt - _timeProvider.GetUtcNow();
        return _timeProvider.CreateTimer(_ => OnRetryDue(queueId), null, delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

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
