using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using ScimServer.Core.Events;
using ScimServer.Core.Storage;

namespace ScimServer.Events;

/// <summary>
/// Pushes each push stream's SETs to its receiver (RFC 8935), one after the other in audit order, from the instance
/// that holds the stream's lease. The cursor moves only over SETs the receiver answered (saved in batches), so a crash
/// or a receiver that is down resends from where it stopped (at-least-once, no gaps). Retries: Polly's retry strategy, exponential with
/// jitter and unbounded attempts — a receiver that is down for hours still gets everything once it is back.
/// An idle stream waits for its tenant's next commit through this instance (<see cref="ChangeSignal"/>), and reads the
/// log anyway every <see cref="EventOptions.PushInterval"/> for writes through other instances on the same store.
/// </summary>
internal sealed class PushDeliveryService(
    IEventStreamStore streams,
    EventFeed feed,
    ChangeSignal changes,
    PushStreamSignal pushStreams,
    IHttpClientFactory clients,
    IOptions<EventOptions> options,
    DeliveryScheduler scheduler,
    TimeProvider time,
    ILogger<PushDeliveryService> logger) : BackgroundService
{
    public const string ClientName = "event-push";
    private const int Batch = 100;

    private readonly string _owner = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, Task> _workers = new();
    private int _niceReported;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before the listing: a stream created while it runs still wakes the next wait.
            var created = pushStreams.NextAsync();
            try
            {
                foreach (var stream in await streams.ListStreamsAsync(tenant: null, stoppingToken))
                {
                    if (stream.Delivery == EventDelivery.Push && !stream.Paused && !_workers.ContainsKey(stream.Id)
                        && await TryLeaseAsync(stream.Id, stoppingToken))
                    {
                        _workers[stream.Id] = scheduler.Run(() => DeliverAsync(stream, stoppingToken));
                    }
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                EventLog.PushCrashed(logger, exception, "*");
            }

            await WaitAsync(created, stoppingToken);
        }

        await Task.WhenAll(_workers.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>One stream's delivery loop; ends when the stream is paused, deleted or its lease lost, or on shutdown.</summary>
    private async Task DeliverAsync(EventStream stream, CancellationToken stoppingToken)
    {
        if (scheduler.NiceFailed && Interlocked.Exchange(ref _niceReported, 1) == 0)
        {
            EventLog.DeliveryNiceNotSet(logger, scheduler.Nice);
        }

        try
        {
            using var stopped = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var keeping = KeepLeaseAsync(stream.Id, stopped);
            try
            {
                await PushAsync(stream, stopped);
            }
            finally
            {
                await stopped.CancelAsync();
                await keeping.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown, the lease lost, or the stream was paused or deleted during a retry: the cursor says where to go on.
        }
        catch (Exception exception)
        {
            EventLog.PushCrashed(logger, exception, stream.Id);
        }
        finally
        {
            _workers.TryRemove(stream.Id, out _);
        }
    }

    /// <summary>
    /// Renews the lease while the stream is pushed, so that a receiver slower than <see cref="EventOptions.LeaseDuration"/>
    /// per SET (or per batch) does not let another instance take the stream and push the same SETs beside this one.
    /// When the lease is lost anyway (this instance stalled past it), pushing stops at once: the other instance goes on
    /// from the stream's cursor.
    /// </summary>
    private async Task KeepLeaseAsync(string streamId, CancellationTokenSource stopped)
    {
        var every = options.Value.LeaseDuration / 3;
        while (!stopped.IsCancellationRequested)
        {
            await Task.Delay(every, time, stopped.Token);
            bool held;
            try
            {
                held = await TryLeaseAsync(streamId, stopped.Token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The store was busy or failed for a moment: the lease still runs, the next renewal tries again.
                EventLog.LeaseRenewalFailed(logger, exception, streamId);
                continue;
            }

            if (!held)
            {
                await stopped.CancelAsync();
                return;
            }
        }
    }

    /// <summary>
    /// Pushes batches until stopped. The cursor is saved after each batch, and within a batch at most every
    /// <see cref="EventOptions.PushCursorInterval"/> (one committed UPDATE per event capped a stream at about 85 events/s
    /// here): a crash resends what was delivered since the last save (at least once), never skips anything.
    /// </summary>
    private async Task PushAsync(EventStream stream, CancellationTokenSource stopped)
    {
        var retried = new StrongBox<bool>();
        var pipeline = Pipeline(stream.Id, stopped, retried);
        var client = clients.CreateClient(ClientName);
        long? unsaved = null;
        var savedAt = time.GetTimestamp();
        try
        {
            while (!stopped.IsCancellationRequested)
            {
                // The lease is not taken again here: KeepLeaseAsync renews it and stops this loop once it is lost. A
                // write per batch (with the cursor's) put two more write transactions beside each write of a tenant
                // whose streams keep up, on SQLite's one write lock.
                var current = await streams.GetStreamAsync(stream.Tenant, stream.Id, stopped.Token);
                if (current is null || current.Paused)
                {
                    return;
                }

                // Taken before the read, as a long poll does: a change that commits between the read and the wait
                // still wakes it.
                var changed = changes.NextAsync(stream.Tenant);
                var pending = await feed.PendingAsync(current with { Cursor = Math.Max(current.Cursor, unsaved ?? 0) }, Batch, stopped.Token);
                if (pending.Count == 0)
                {
                    // What was delivered is saved once the interval has passed, also when no more events come.
                    var due = options.Value.PushCursorInterval - time.GetElapsedTime(savedAt);
                    if (unsaved is not null && due <= TimeSpan.Zero)
                    {
                        await SaveCursorAsync(stopped.Token);
                        continue;
                    }

                    await WaitAsync(changed, unsaved is null ? options.Value.PushInterval : Min(due, options.Value.PushInterval), stopped.Token);
                    continue;
                }

                // Read again after the events: one committed after a pause was acknowledged is read after the pause,
                // so it is never pushed (the first read may be older than both, when the write woke a waiting stream).
                var still = await streams.GetStreamAsync(stream.Tenant, stream.Id, stopped.Token);
                if (still is null || still.Paused)
                {
                    return;
                }

                foreach (var set in pending)
                {
                    var delivered = await pipeline.ExecuteAsync(
                        async token => await PostAsync(client, current, set, token), stopped.Token);
                    if (delivered.StatusCode == HttpStatusCode.BadRequest)
                    {
                        // RFC 8935 §2.3: the receiver refuses this SET for good (its "err" says why); sending it again
                        // would hold every later event back. Recorded in the stream's status, then passed.
                        await streams.RecordFailureAsync(stream.Id, time.GetUtcNow(), $"receiver refused {set.Jti}: {await delivered.Content.ReadAsStringAsync(stopped.Token)}", stopped.Token);
                    }

                    delivered.Dispose();
                    unsaved = set.Sequence;

                    // After failed tries the save comes at once: it also clears the failures, so the status says the
                    // stream is active again as soon as its receiver is.
                    if (retried.Value || time.GetElapsedTime(savedAt) >= options.Value.PushCursorInterval)
                    {
                        retried.Value = false;
                        await SaveCursorAsync(stopped.Token);
                    }
                }
            }
        }
        finally
        {
            // Stopped (shutdown, lease lost, paused): what was delivered is saved, so the next pusher does not resend it.
            // Best effort: if this fails too, those SETs are sent again, which at-least-once allows.
            if (unsaved is not null)
            {
                try
                {
                    await SaveCursorAsync(CancellationToken.None);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    EventLog.PushCrashed(logger, exception, stream.Id);
                }
            }
        }

        async Task SaveCursorAsync(CancellationToken cancellationToken)
        {
            if (unsaved is { } sequence)
            {
                await streams.AdvanceCursorAsync(stream.Id, sequence, time.GetUtcNow(), cancellationToken);
                unsaved = null;
                savedAt = time.GetTimestamp();
            }
        }
    }

    /// <summary>Until <paramref name="woken"/> completes or <see cref="EventOptions.PushInterval"/> has passed (the look for what other instances wrote), or shutdown.</summary>
    private Task WaitAsync(Task woken, CancellationToken cancellationToken) => WaitAsync(woken, options.Value.PushInterval, cancellationToken);

    /// <summary>Until <paramref name="woken"/> completes or <paramref name="longest"/> has passed, or shutdown.</summary>
    private async Task WaitAsync(Task woken, TimeSpan longest, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var check = Task.Delay(longest, time, wait.Token);
        await Task.WhenAny(woken, check);
        await wait.CancelAsync();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <param name="retried">Set when a try failed (and was recorded in the stream's status).</param>
    private ResiliencePipeline<HttpResponseMessage> Pipeline(string streamId, CancellationTokenSource stopped, StrongBox<bool> retried)
    {
        var settings = options.Value;
        return new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: OperationCanceledException } when stopped.IsCancellationRequested => false,
                    { Exception: not null } => true,
                    { Result.StatusCode: HttpStatusCode.Accepted or HttpStatusCode.BadRequest } => false,
                    _ => true,
                }),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.PushRetryDelay,
                MaxDelay = settings.PushMaxRetryDelay,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = async args =>
                {
                    retried.Value = true;
                    var error = args.Outcome.Exception?.Message ?? $"receiver answered {(int)args.Outcome.Result!.StatusCode}";
                    args.Outcome.Result?.Dispose();
                    EventLog.PushFailed(logger, streamId, args.AttemptNumber + 1, args.RetryDelay, error);
                    await streams.RecordFailureAsync(streamId, time.GetUtcNow(), error, CancellationToken.None);

                    // Keep the lease through a long outage, and stop retrying a stream that was paused or deleted.
                    var stream = (await streams.ListStreamsAsync(null, CancellationToken.None)).FirstOrDefault(s => s.Id == streamId);
                    if (stream is null || stream.Paused || !await TryLeaseAsync(streamId, CancellationToken.None))
                    {
                        await stopped.CancelAsync();
                    }
                },
            })
            .Build();
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, EventStream stream, PendingEvent set, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PushTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, stream.Endpoint)
        {
            Content = new StringContent(set.Set, Encoding.ASCII, "application/" + SetSigner.MediaType),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (stream.Authorization is { } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await client.SendAsync(request, timeout.Token);
    }

    private Task<bool> TryLeaseAsync(string streamId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return streams.TryLeaseAsync(streamId, _owner, now, now + options.Value.LeaseDuration, cancellationToken);
    }
}
