using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace ScimServer.Events;

/// <summary>
/// Runs the push streams' delivery (reading the log, signing, posting) on threads of its own that yield the CPU to
/// requests: a higher nice value on Linux (<see cref="EventOptions.DeliveryNice"/>; .NET's <see cref="Thread.Priority"/>
/// does nothing there, dotnet/runtime#91165), <see cref="ThreadPriority.BelowNormal"/> elsewhere. A write wakes its
/// tenant's streams the moment it commits, before its own response is written; at the requests' priority the three
/// streams' work took the cores from that response and from the next writes. At a lower priority it runs on whatever
/// the requests leave, which on an idle core is at once. Awaits in the delivery loop come back here (the scheduler is
/// <see cref="TaskScheduler.Current"/> and nothing in it uses <c>ConfigureAwait(false)</c>); what the HTTP client and
/// timers do between them runs on the thread pool.
/// </summary>
internal sealed partial class DeliveryScheduler : TaskScheduler, IDisposable
{
    [ThreadStatic]
    private static DeliveryScheduler? s_running;

    private readonly BlockingCollection<Task> _queue = [];
    private readonly Thread[] _threads;
    private int _niceFailed;

    public DeliveryScheduler(int threads, int nice)
    {
        Nice = nice;
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = ".NET SCIM delivery" };
            if (!OperatingSystem.IsLinux() && nice > 0)
            {
                _threads[i].Priority = ThreadPriority.BelowNormal;
            }

            _threads[i].Start();
        }
    }

    /// <summary>The nice value the threads run at on Linux; 0 is the requests' own.</summary>
    public int Nice { get; }

    /// <summary>Whether setting the nice value failed on some thread (then it runs at the requests' priority).</summary>
    public bool NiceFailed => Volatile.Read(ref _niceFailed) != 0;

    public override int MaximumConcurrencyLevel => _threads.Length;

    /// <summary>Starts <paramref name="work"/> on these threads; its awaits continue here.</summary>
    public Task Run(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    public void Dispose() => _queue.CompleteAdding();

    protected override void QueueTask(Task task) => _queue.Add(task);

    // Inline only on these threads: a continuation run inline on a request's thread would run at its priority.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        s_running == this && !taskWasPreviouslyQueued && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    private void Run()
    {
        s_running = this;
        if (OperatingSystem.IsLinux() && Nice != 0 && !TrySetNice(Nice))
        {
            Interlocked.Exchange(ref _niceFailed, 1);
        }

        foreach (var task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }

    /// <summary>setpriority(2) on this thread alone: on Linux a nice value is per thread.</summary>
    private static bool TrySetNice(int nice)
    {
        try
        {
            return SetPriority(PriorityProcess, GetThreadId(), nice) == 0;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private const int PriorityProcess = 0;

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
