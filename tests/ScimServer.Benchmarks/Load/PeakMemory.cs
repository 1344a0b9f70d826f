namespace ScimServer.Benchmarks.Load;

/// <summary>Samples the server's resident set every 250 ms and keeps the highest value since the last reset.</summary>
internal sealed class PeakMemory(ManagedProcess server)
{
    private readonly CancellationTokenSource stop = new();
    private Task? sampling;
    private double peak;

    public double Peak => Volatile.Read(ref peak);

    public void Start() => sampling = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            var rss = server.Memory().Rss;
            if (rss > Volatile.Read(ref peak))
            {
                Volatile.Write(ref peak, rss);
            }

            try
            {
                await Task.Delay(250, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    });

    public void Reset() => Volatile.Write(ref peak, 0);

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        if (sampling is not null)
        {
            await sampling;
        }

        stop.Dispose();
    }
}
