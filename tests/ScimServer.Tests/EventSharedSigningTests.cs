using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;
using ScimServer.Events;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>
/// Several push streams of a tenant that get the same claims for an event share one SET, signed once (a signature is
/// the costly part of telling a write to its streams), addressed to all of them and valid for each receiver.
/// </summary>
public sealed class EventSharedSigningTests : IDisposable
{
    private readonly ScimServerFactory _factory = new();
    private readonly WebApplicationFactory<Program> _host;
    private readonly CountingSigner _signer;
    private readonly AdminClient _admin;

    public EventSharedSigningTests()
    {
        _factory.Settings["Events:PushInterval"] = "00:00:00.050";
        _host = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<ISetSigner>(sp => new CountingSigner(sp.GetRequiredService<SetSigner>()))));
        _admin = new AdminClient(_host.CreateClient());
        _signer = (CountingSigner)_host.Services.GetRequiredService<ISetSigner>();
    }

    [Fact]
    public async Task Three_push_streams_of_the_same_format_get_valid_SETs_signed_once_per_event()
    {
        var tenant = $"share{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        var receivers = new List<PushReceiver>();
        var streamIds = new List<string>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                receivers.Add(await PushReceiver.StartAsync());
                streamIds.Add(await CreatePushStreamAsync(tenant, receivers[i]));
            }

            var users = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                users.Add((await client.CreateUserAsync($"share{i}@example.com")).Id);
            }

            foreach (var receiver in receivers)
            {
                await receiver.WaitForAsync(users.Count, TimeSpan.FromSeconds(20));
            }

            for (var i = 0; i < 3; i++)
            {
                var events = await new EventReceiver(_host.CreateClient(), _admin, tenant).VerifyAsync(Keyed(receivers[i].Sets));
                events.Select(e => (string)e["sub_id"]!["id"]!).Should().Equal(users);
                events.Should().OnlyContain(e => e["aud"]!.Values<string>().Contains($"urn:scimserver:stream:{streamIds[i]}"),
                    "each receiver finds its own stream among the audiences (RFC 7519 §4.1.3)");
            }

            receivers.Select(r => r.Sets.ToList()).Distinct(new SequenceComparer()).Should().ContainSingle("the three streams got the very same SETs");
            _signer.Count.Should().Be(users.Count, "one signature per event serves the three streams");
        }
        finally
        {
            foreach (var receiver in receivers)
            {
                await receiver.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_full_stream_beside_a_notice_stream_gets_its_own_SET_addressed_to_it_alone()
    {
        var tenant = $"sharefull{Guid.NewGuid():N}"[..20];
        var client = await _admin.CreateTenantWithTokenAsync(tenant);
        await using var notice = await PushReceiver.StartAsync();
        await using var full = await PushReceiver.StartAsync();
        await CreatePushStreamAsync(tenant, notice);
        var fullId = await CreatePushStreamAsync(tenant, full, "full");

        var users = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            users.Add((await client.CreateUserAsync($"sharefull{i}@example.com")).Id);
        }

        await notice.WaitForAsync(users.Count, TimeSpan.FromSeconds(20));
        await full.WaitForAsync(users.Count, TimeSpan.FromSeconds(20));

        var receiver = new EventReceiver(_host.CreateClient(), _admin, tenant);
        var fullEvents = await receiver.VerifyAsync(Keyed(full.Sets));
        fullEvents.Should().OnlyContain(e => (string?)e["aud"] == $"urn:scimserver:stream:{fullId}"
            && e["events"]!["urn:ietf:params:scim:event:prov:create:full"]!["data"] != null);
        var noticeEvents = await receiver.VerifyAsync(Keyed(notice.Sets));
        noticeEvents.Select(e => (string?)e["jti"]).Should().NotIntersectWith(fullEvents.Select(e => (string?)e["jti"]),
            "SETs that say different things have different jtis");
        _signer.Count.Should().Be(2 * users.Count);
    }

    public void Dispose()
    {
        _host.Dispose();
        _factory.Dispose();
    }

    private async Task<string> CreatePushStreamAsync(string tenant, PushReceiver receiver, string format = "notice")
    {
        var stream = await _admin.PostAsync($"/admin/tenants/{tenant}/event-streams", new JObject
        {
            ["delivery"] = "push",
            ["endpoint"] = receiver.Url,
            ["format"] = format,
        });
        stream.ShouldBe(HttpStatusCode.Created);
        return stream.Id;
    }

    /// <summary>The pushed SETs keyed by jti, as a poll response holds them, for the same verification.</summary>
    private static JObject Keyed(IEnumerable<string> sets)
    {
        var keyed = new JObject();
        foreach (var set in sets)
        {
            keyed[(string)JObject.Parse(Base64UrlEncoder.Decode(set.Split('.')[1]))["jti"]!] = set;
        }

        return keyed;
    }

    private sealed class CountingSigner(ISetSigner inner) : ISetSigner
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public string Sign(JObject claims)
        {
            Interlocked.Increment(ref _count);
            return inner.Sign(claims);
        }
    }

    private sealed class SequenceComparer : IEqualityComparer<List<string>>
    {
        public bool Equals(List<string>? x, List<string>? y) => x!.SequenceEqual(y!);

        public int GetHashCode(List<string> obj) => obj.Count;
    }
}
