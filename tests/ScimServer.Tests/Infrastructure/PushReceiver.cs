using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ScimServer.Tests.Infrastructure;

/// <summary>
/// An RFC 8935 push receiver on loopback (Kestrel, a free port): answers 202 and keeps each SET, or 503 while
/// <see cref="Down"/> — a receiver that is down, as the server sees it.
/// </summary>
public sealed class PushReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PushReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Sets { get; } = new();

    public ConcurrentQueue<(string? Authorization, string? ContentType)> Requests { get; } = new();

    public volatile bool Down;

    /// <summary>How long the receiver takes before it acknowledges a SET: a slow receiver keeps a backlog in flight.</summary>
    public TimeSpan AcknowledgeAfter { get; set; }

    public int Refused;

    /// <summary>The most SETs this receiver held at once: above one, two senders pushed the stream side by side.</summary>
    public int MaxInFlight;

    private int _inFlight;

    public string Url { get; private set; } = "";

    public static async Task<PushReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new PushReceiver(app);
        app.MapPost("/events", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var set = await reader.ReadToEndAsync();
            receiver.Requests.Enqueue((http.Request.Headers.Authorization.ToString(), http.Request.ContentType));
            if (receiver.Down)
            {
                Interlocked.Increment(ref receiver.Refused);
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            var inFlight = Interlocked.Increment(ref receiver._inFlight);
            InterlockedMax(ref receiver.MaxInFlight, inFlight);
            try
            {
                if (receiver.AcknowledgeAfter > TimeSpan.Zero)
                {
                    await Task.Delay(receiver.AcknowledgeAfter);
                }

                receiver.Sets.Enqueue(set);
                return Results.StatusCode(StatusCodes.Status202Accepted);
            }
            finally
            {
                Interlocked.Decrement(ref receiver._inFlight);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = $"{address}/events";
        return receiver;
    }

    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Sets.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref target, value, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }
}
