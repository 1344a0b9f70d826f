using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;

namespace ScimServer.Tests.Infrastructure;

/// <summary>
/// A receiver's side of event streams in tests: creates a poll stream through the admin API, polls it (RFC 8936), and
/// verifies each SET against the server's published JWKS, as a real receiver would.
/// </summary>
public sealed class EventReceiver(HttpClient http, AdminClient admin, string tenant)
{
    public string StreamId { get; private set; } = "";

    public string PollUrl { get; private set; } = "";

    public static async Task<EventReceiver> PollStreamAsync(HttpClient http, AdminClient admin, string tenant, JObject? settings = null)
    {
        var receiver = new EventReceiver(http, admin, tenant);
        var body = settings ?? new JObject();
        body["delivery"] = "poll";
        var created = await admin.PostAsync($"/admin/tenants/{tenant}/event-streams", body);
        created.ShouldBe(System.Net.HttpStatusCode.Created);
        receiver.StreamId = created.Id;
        receiver.PollUrl = (string)created.Body!["pollUrl"]!;
        return receiver;
    }

    /// <summary>Polls with the admin token (or <paramref name="token"/>); returns the raw response.</summary>
    public Task<ScimResponse> PollRawAsync(JObject request, string? token = ScimServerFactory.AdminToken) =>
        new AdminClient(http, token).PostAsync(new Uri(PollUrl).PathAndQuery, request);

    /// <summary>Polls without waiting, acknowledging nothing; verifies every SET and returns their claims in sequence order.</summary>
    public async Task<IReadOnlyList<JObject>> PeekAsync(int maxEvents = 100)
    {
        var response = await PollRawAsync(new JObject { ["returnImmediately"] = true, ["maxEvents"] = maxEvents });
        response.ShouldBe(System.Net.HttpStatusCode.OK);
        return await VerifyAsync((JObject)response.Body!["sets"]!);
    }

    /// <summary>Polls, verifies, and acknowledges what it got; returns the claims.</summary>
    public async Task<IReadOnlyList<JObject>> TakeAsync(int maxEvents = 100)
    {
        var events = await PeekAsync(maxEvents);
        if (events.Count > 0)
        {
            var ack = await PollRawAsync(new JObject
            {
                ["ack"] = new JArray(events.Select(e => (string)e["jti"]!)),
                ["maxEvents"] = 0,
                ["returnImmediately"] = true,
            });
            ack.ShouldBe(System.Net.HttpStatusCode.OK);
        }

        return events;
    }

    public async Task<IReadOnlyList<JObject>> VerifyAsync(JObject sets)
    {
        var jwks = await admin.GetAsync("/.well-known/jwks.json");
        var keys = new JsonWebKeySet(jwks.RawBody).GetSigningKeys();
        var handler = new JsonWebTokenHandler();
        var claims = new List<JObject>();
        foreach (var (jti, set) in sets)
        {
            var result = await handler.ValidateTokenAsync((string)set!, new TokenValidationParameters
            {
                IssuerSigningKeys = keys,
                ValidateIssuer = false,
                ValidateAudience = false,

                // RFC 8417 §2.2: a SET has no exp; its lifetime is the receiver's business.
                ValidateLifetime = false,
                RequireExpirationTime = false,
                ValidTypes = ["secevent+jwt"],
            });
            result.IsValid.Should().BeTrue(result.Exception?.Message);
            var payload = JObject.Parse(Base64UrlEncoder.Decode(((string)set!).Split('.')[1]));
            ((string?)payload["jti"]).Should().Be(jti);
            claims.Add(payload);
        }

        return claims.OrderBy(c => long.Parse(((string)c["jti"]!).Split('.')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    public string Tenant => tenant;
}
