using Newtonsoft.Json.Linq;
using ScimServer.Core.Events;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Events;

/// <summary>The admin API's JSON for event streams: what the admin sent, minus the secret, plus the poll URL and status.</summary>
internal static class EventStreamJson
{
    public static JObject Stream(EventStream stream, string baseUrl)
    {
        var json = new JObject
        {
            ["id"] = stream.Id,
            ["tenant"] = stream.Tenant,
            ["delivery"] = stream.Delivery.ToString().ToLowerInvariant(),
            ["format"] = stream.Format.ToString().ToLowerInvariant(),
            ["events"] = new JArray(stream.Events),
            ["paused"] = stream.Paused,
            ["created"] = ScimDateTime.ToText(stream.Created),
        };
        if (stream.Delivery == EventDelivery.Push)
        {
            json["endpoint"] = stream.Endpoint;

            // The header value is a secret of the receiver's: said to be there, never shown.
            json["authorization"] = stream.Authorization is null ? null : "(set)";
        }
        else
        {
            json["pollUrl"] = PollUrl(stream, baseUrl);
        }

        return json;
    }

    public static string PollUrl(EventStream stream, string baseUrl) =>
        $"{baseUrl}/events/{Uri.EscapeDataString(stream.Tenant)}/{Uri.EscapeDataString(stream.Id)}";

    public static JObject Status(EventStream stream, IReadOnlyList<AuditEntry> behind, bool truncated, DateTimeOffset now, TimeSpan failingAfter)
    {
        var state = stream.Paused ? "paused"
            : stream.FailingSince is { } since && now - since >= failingAfter ? "failing"
            : "active";
        return new JObject
        {
            ["state"] = state,
            ["cursor"] = stream.Cursor,
            ["lastDelivered"] = stream.LastDelivered is { } delivered ? ScimDateTime.ToText(delivered) : null,

            // Lag: changes logged after the cursor (a lower bound when truncated), and the age of the oldest.
            ["lag"] = new JObject
            {
                ["entries"] = behind.Count,
                ["atLeast"] = truncated,
                ["seconds"] = behind.Count == 0 ? 0 : Math.Max(0, (long)(now - behind[0].At).TotalSeconds),
            },
            ["failures"] = stream.Failures,
            ["failingSince"] = stream.FailingSince is { } failing ? ScimDateTime.ToText(failing) : null,
            ["lastError"] = stream.LastError,
        };
    }

    /// <summary>Reads a POST body into a stream of <paramref name="tenant"/>, or the error that says what is wrong.</summary>
    public static ScimResult<EventStream> Read(JToken body, string tenant, DateTimeOffset now)
    {
        if (body is not JObject json)
        {
            return ScimError.InvalidValue("An event stream is a JSON object.");
        }

        EventDelivery delivery;
        switch ((json["delivery"] as JValue)?.Value as string)
        {
            case "push":
                delivery = EventDelivery.Push;
                break;
            case "poll":
                delivery = EventDelivery.Poll;
                break;
            default:
                return ScimError.InvalidValue("'delivery' must be \"push\" or \"poll\".");
        }

        string? endpoint = null;
        string? authorization = null;
        if (delivery == EventDelivery.Push)
        {
            endpoint = (json["endpoint"] as JValue)?.Value as string;
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                return ScimError.InvalidValue("A push stream needs 'endpoint', the receiver's absolute http(s) URL (RFC 8935).");
            }

            if (json["authorization"] is { Type: not JTokenType.Null } given)
            {
                authorization = (given as JValue)?.Value as string;
                if (string.IsNullOrWhiteSpace(authorization))
                {
                    return ScimError.InvalidValue("'authorization' must be the Authorization header value to send, e.g. \"Bearer …\".");
                }
            }
        }

        var events = new List<string>();
        if (json["events"] is { Type: not JTokenType.Null } filter)
        {
            if (filter is not JArray list || list.Any(e => e.Type != JTokenType.String))
            {
                return ScimError.InvalidValue("'events' must be an array of event URIs.");
            }

            foreach (var uri in list.Select(e => (string)e!))
            {
                if (!ProvisioningEventUris.All.Contains(uri, StringComparer.Ordinal))
                {
                    return ScimError.InvalidValue($"'{uri}' is not an event this server sends; see the README's event catalogue.");
                }

                events.Add(uri);
            }
        }

        var format = EventFormat.Notice;
        switch ((json["format"] as JValue)?.Value as string)
        {
            case null or "notice":
                break;
            case "full":
                format = EventFormat.Full;
                break;
            default:
                return ScimError.InvalidValue("'format' must be \"notice\" or \"full\".");
        }

        return new EventStream
        {
            Id = Guid.NewGuid().ToString("N"),
            Tenant = tenant,
            Delivery = delivery,
            Endpoint = endpoint,
            Authorization = authorization,
            Events = events,
            Format = format,
            Created = now,
        };
    }
}
