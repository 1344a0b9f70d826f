using System.Net;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using ScimServer.Admin;
using ScimServer.ApiDocs;
using ScimServer.Core.Events;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;
using ScimServer.Core.Storage;
using ScimServer.Http;
using ScimServer.Security;

namespace ScimServer.Events;

/// <summary>
/// Event streams: their admin API under <c>/admin/tenants/{id}/event-streams</c>, the RFC 8936 poll endpoint
/// <c>/events/{tenant}/{streamId}</c> (the server-admin token or a token of the stream's tenant), and the SET signing
/// keys at <c>/.well-known/jwks.json</c>.
/// </summary>
internal static class EventEndpoints
{
    private const int StatusScan = 1000;

    public static void MapEvents(this WebApplication app)
    {
        app.MapGet("/.well-known/jwks.json", (SetSigner signer) => Json(signer.Jwks)).WithGroupName(ApiDocumentation.AdminDocument)
            .WithMetadata(AdminApiOperations.Jwks());

        var admin = app.MapGroup("/admin/tenants/{id}/event-streams")
            .AddEndpointFilter(app.Services.GetRequiredService<AdminEndpointFilter>())
            .WithGroupName(ApiDocumentation.AdminDocument);

        admin.MapPost("", async (HttpContext http, string id, ITenantStore tenants, IEventStreamStore streams, PushStreamSignal pushStreams, TimeProvider time, IOptions<ScimOptions> options) =>
        {
            if (await tenants.GetTenantAsync(id, http.RequestAborted) is null)
            {
                return ScimResponses.Error(ScimError.NotFound($"Tenant '{id}' not found."));
            }

            var body = await ScimRequestBody.ReadAsync(http.Request, options.Value.MaxPayloadBytes);
            if (!body.IsSuccess)
            {
                return ScimResponses.Error(body.Error);
            }

            var read = EventStreamJson.Read(body.Value, id, time.GetUtcNow());
            if (!read.IsSuccess)
            {
                return ScimResponses.Error(read.Error);
            }

            var created = await streams.CreateStreamAsync(read.Value, http.RequestAborted);
            pushStreams.Notify();
            return Json(EventStreamJson.Stream(created, BaseUrl(http)), HttpStatusCode.Created, $"{BaseUrl(http)}/admin/tenants/{id}/event-streams/{created.Id}");
        }).WithMetadata(AdminApiOperations.CreateEventStream());

        admin.MapGet("", async (HttpContext http, string id, IEventStreamStore streams) =>
            Json(new JObject { ["streams"] = new JArray((await streams.ListStreamsAsync(id, http.RequestAborted)).Select(s => EventStreamJson.Stream(s, BaseUrl(http)))) }))
            .WithMetadata(AdminApiOperations.ListEventStreams());

        admin.MapGet("/{streamId}", async (HttpContext http, string id, string streamId, IEventStreamStore streams) =>
            await streams.GetStreamAsync(id, streamId, http.RequestAborted) is { } stream
                ? Json(EventStreamJson.Stream(stream, BaseUrl(http)))
                : StreamNotFound(streamId))
            .WithMetadata(AdminApiOperations.GetEventStream());

        admin.MapGet("/{streamId}/status", async (HttpContext http, string id, string streamId, IEventStreamStore streams, IAuditLog audit, TimeProvider time, IOptions<EventOptions> options) =>
        {
            if (await streams.GetStreamAsync(id, streamId, http.RequestAborted) is not { } stream)
            {
                return StreamNotFound(streamId);
            }

            var behind = await audit.QueryAsync(new AuditQuery { Tenant = id, AfterSequence = stream.Cursor, Limit = StatusScan }, http.RequestAborted);
            return Json(EventStreamJson.Status(stream, behind, behind.Count == StatusScan, time.GetUtcNow(), options.Value.FailingAfter));
        }).WithMetadata(AdminApiOperations.GetEventStreamStatus());

        admin.MapPatch("/{streamId}", async (HttpContext http, string id, string streamId, IEventStreamStore streams, PushStreamSignal pushStreams, IOptions<ScimOptions> options) =>
        {
            var body = await ScimRequestBody.ReadAsync(http.Request, options.Value.MaxPayloadBytes);
            if (!body.IsSuccess)
            {
                return ScimResponses.Error(body.Error);
            }

            if (body.Value is not JObject { Count: 1 } json || json["paused"] is not JValue { Type: JTokenType.Boolean } paused)
            {
                return ScimResponses.Error(ScimError.InvalidValue("Send {\"paused\": true} to pause the stream or {\"paused\": false} to resume it."));
            }

            if (await streams.SetPausedAsync(id, streamId, (bool)paused!, http.RequestAborted) == StoreOutcome.NotFound)
            {
                return StreamNotFound(streamId);
            }

            pushStreams.Notify();
            return Json(EventStreamJson.Stream((await streams.GetStreamAsync(id, streamId, http.RequestAborted))!, BaseUrl(http)));
        }).WithMetadata(AdminApiOperations.PauseEventStream());

        admin.MapDelete("/{streamId}", async (HttpContext http, string id, string streamId, IEventStreamStore streams) =>
            await streams.DeleteStreamAsync(id, streamId, http.RequestAborted) == StoreOutcome.Ok
                ? ScimResponses.Status(HttpStatusCode.NoContent)
                : StreamNotFound(streamId))
            .WithMetadata(AdminApiOperations.DeleteEventStream());

        app.MapPost("/events/{tenant}/{streamId}", PollAsync).WithGroupName(ApiDocumentation.AdminDocument)
            .WithMetadata(AdminApiOperations.PollEvents());
    }

    /// <summary>RFC 8936 §2.4: acknowledge what the receiver names, then answer with the next SETs (waiting for one unless told not to).</summary>
    private static async Task<IResult> PollAsync(
        HttpContext http,
        string tenant,
        string streamId,
        BearerTokenAuthenticator authenticator,
        IEventStreamStore streams,
        EventFeed feed,
        ChangeSignal changes,
        IOptions<EventOptions> options,
        IOptions<ScimOptions> scimOptions,
        TimeProvider time)
    {
        var (caller, error) = await authenticator.AuthenticateAsync(http);
        if (caller is null)
        {
            return ScimResponses.Error(error!);
        }

        // A tenant's token reads its own tenant's streams only; another tenant's stream is as if it did not exist.
        if (!caller.IsServerAdmin && caller.Tenant != tenant)
        {
            return StreamNotFound(streamId);
        }

        var stream = await streams.GetStreamAsync(tenant, streamId, http.RequestAborted);
        if (stream is null || stream.Delivery != EventDelivery.Poll)
        {
            return StreamNotFound(streamId);
        }

        var body = await ScimRequestBody.ReadAsync(http.Request, scimOptions.Value.MaxPayloadBytes);
        if (!body.IsSuccess)
        {
            return ScimResponses.Error(body.Error);
        }

        var request = PollRequest.Read(body.Value, options.Value.PollMaxEvents);
        if (!request.IsSuccess)
        {
            return ScimResponses.Error(request.Error);
        }

        var acknowledged = new List<long>();
        foreach (var jti in request.Value.Acknowledged)
        {
            if (EventFeed.TryParseJti(stream, jti, out var sequence))
            {
                acknowledged.Add(sequence);
            }
        }

        await streams.AddAcknowledgementsAsync(stream.Id, acknowledged, http.RequestAborted);
        if (request.Value.Errors.Count > 0)
        {
            // The receiver could not use these SETs (RFC 8936 §2.4 setErrs): they count as answered, so one bad SET
            // does not hold the stream; the last error is shown in the stream's status.
            var (jti, detail) = request.Value.Errors[^1];
            await streams.RecordFailureAsync(stream.Id, time.GetUtcNow(), $"receiver error on {jti}: {detail}", http.RequestAborted);
        }

        var deadline = time.GetUtcNow() + options.Value.PollWait;
        IReadOnlyList<PendingEvent> pending = [];
        while (true)
        {
            stream = await streams.GetStreamAsync(tenant, streamId, http.RequestAborted);
            if (stream is null)
            {
                return StreamNotFound(streamId);
            }

            if (stream.Paused || request.Value.MaxEvents == 0)
            {
                break;
            }

            // Taken before the read: a change that commits between the read and the wait still wakes it.
            var changed = changes.NextAsync(tenant);
            pending = await feed.PendingAsync(stream, request.Value.MaxEvents + 1, http.RequestAborted);
            var left = deadline - time.GetUtcNow();
            if (pending.Count > 0 || request.Value.ReturnImmediately || left <= TimeSpan.Zero)
            {
                break;
            }

            // Long polling (RFC 8936 §2.4): hold the request until a change of the tenant commits here, the periodic
            // check (changes made through other instances), or the end of the bounded wait.
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted))
            {
                var check = Task.Delay(left < options.Value.PollCheckInterval ? left : options.Value.PollCheckInterval, time, wait.Token);
                await Task.WhenAny(changed, check);
                await wait.CancelAsync();
            }

            if (http.RequestAborted.IsCancellationRequested)
            {
                return Results.Empty;
            }
        }

        var sets = new JObject();
        foreach (var set in pending.Take(request.Value.MaxEvents))
        {
            sets[set.Jti] = set.Set;
        }

        var response = new JObject { ["sets"] = sets };
        if (pending.Count > request.Value.MaxEvents)
        {
            response["moreAvailable"] = true;
        }

        return Json(response);
    }

    private static IResult StreamNotFound(string streamId) => ScimResponses.Error(ScimError.NotFound($"Event stream '{streamId}' not found."));

    private static IResult Json(JObject body, HttpStatusCode status = HttpStatusCode.OK, string? location = null) =>
        ScimResponses.Json(body, status, etag: null, location, ScimMediaTypes.Json);

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
