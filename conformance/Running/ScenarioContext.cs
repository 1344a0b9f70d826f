using Newtonsoft.Json.Linq;
using ScimServer.Conformance.Http;
using ScimServer.Conformance.Scenarios;

namespace ScimServer.Conformance.Running;

/// <summary>
/// What a scenario works with: the client, the run id for unique names, the server's announced features, and a
/// record of everything it created, which is deleted afterwards whatever happened. Nothing else is ever written.
/// </summary>
internal sealed class ScenarioContext(ScimHttpClient client, string runId, string scenarioId, ServerFeatures features)
{
    private readonly List<string> _created = [];
    private int _sequence;

    public ScimHttpClient Client { get; } = client;

    public ServerFeatures Features { get; } = features;

    /// <summary>A name no other run and no other scenario uses, e.g. <c>cfab12cd34-rfc.filter-1-alpha</c>.</summary>
    public string Name(string label) => $"{runId}-{scenarioId}-{Interlocked.Increment(ref _sequence)}-{label}";

    /// <summary>A unique userName in the shape identity providers send (an email-like UPN).</summary>
    public string UserName(string label) => $"{Name(label)}@conformance.example";

    /// <summary>Every name this scenario makes starts with this, so filters can be scoped to them.</summary>
    public string Prefix => $"{runId}-{scenarioId}-";

    /// <summary>Deleted after the scenario, most recent first (groups before the users in them).</summary>
    public void Track(string endpoint, string id) => _created.Add($"{endpoint}/{Uri.EscapeDataString(id)}");

    /// <summary>POSTs <paramref name="body"/> and tracks what it created; the caller checks the answer.</summary>
    public async Task<Exchange> PostResourceAsync(string endpoint, JObject body)
    {
        var response = await Client.PostAsync(endpoint, body).ConfigureAwait(false);
        if (response.StatusCode is >= 200 and < 300 && ScimJson.GetString(response.Body, "id") is { } id)
        {
            Track(endpoint, id);
        }

        return response;
    }

    /// <summary>Creates a resource the scenario needs (not the thing under test): anything but 201 with an id fails.</summary>
    public async Task<JObject> CreateAsync(string endpoint, JObject body)
    {
        var response = await PostResourceAsync(endpoint, body).ConfigureAwait(false);
        ExpectStatus(response, 201);
        Expect(ScimJson.GetString(response.Body, "id") is not null, "the created resource has an id", response);
        return response.Body;
    }

    public Task<JObject> CreateUserAsync(string label, Action<JObject>? shape = null)
    {
        var user = Resources.User(UserName(label));
        shape?.Invoke(user);
        return CreateAsync("/Users", user);
    }

    public Task<JObject> CreateGroupAsync(string label, Action<JObject>? shape = null)
    {
        var group = Resources.Group(Name(label));
        shape?.Invoke(group);
        return CreateAsync("/Groups", group);
    }

    /// <summary>GETs a resource that must exist.</summary>
    public async Task<JObject> ReadAsync(string path)
    {
        var response = await Client.GetAsync(path).ConfigureAwait(false);
        ExpectStatus(response, 200);
        return response.Body;
    }

    /// <summary>GETs a list, URL-encoding <paramref name="filter"/>.</summary>
    public Task<Exchange> ListAsync(string endpoint, string? filter = null, string? query = null)
    {
        var parts = new List<string>();
        if (filter is not null)
        {
            parts.Add("filter=" + Uri.EscapeDataString(filter));
        }

        if (query is not null)
        {
            parts.Add(query);
        }

        return Client.GetAsync(parts.Count == 0 ? endpoint : $"{endpoint}?{string.Join('&', parts)}");
    }

    public static void Expect(bool condition, string expected, Exchange? exchange)
    {
        if (!condition)
        {
            throw new ScenarioFailure(expected, exchange);
        }
    }

    public static void ExpectStatus(Exchange exchange, params int[] statuses) =>
        Expect(statuses.Contains(exchange.StatusCode), $"HTTP {string.Join(" or ", statuses)}", exchange);

    /// <summary>A SCIM error response (RFC 7644 §3.12): the status, the Error schema, <c>status</c> as a string.</summary>
    public static void ExpectError(Exchange exchange, int status, string? scimType = null)
    {
        ExpectStatus(exchange, status);
        var schemas = ScimJson.GetArrayOfStrings(exchange.Body, "schemas");
        Expect(schemas.Contains(Urns.Error), $"an error body whose schemas contain \"{Urns.Error}\" (RFC 7644 §3.12)", exchange);
        Expect(ScimJson.Get(exchange.Body, "status") is JValue { Type: JTokenType.String } s && (string?)s == status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"\"status\": \"{status}\" as a JSON string (RFC 7644 §3.12)", exchange);
        if (scimType is not null)
        {
            Expect(string.Equals(ScimJson.GetString(exchange.Body, "scimType"), scimType, StringComparison.Ordinal),
                $"\"scimType\": \"{scimType}\" (RFC 7644 §3.12, Table 9)", exchange);
        }
    }

    /// <summary>Deletes what the scenario created; returns a note for each delete the server refused.</summary>
    public async Task<IReadOnlyList<string>> CleanUpAsync()
    {
        var notes = new List<string>();
        for (var i = _created.Count - 1; i >= 0; i--)
        {
            try
            {
                var response = await Client.DeleteAsync(_created[i]).ConfigureAwait(false);
                if (response.StatusCode is not (>= 200 and < 300) and not 404)
                {
                    notes.Add($"clean-up: DELETE {_created[i]} answered {response.StatusCode}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                notes.Add($"clean-up: DELETE {_created[i]} failed: {e.Message}");
            }
        }

        _created.Clear();
        return notes;
    }
}
