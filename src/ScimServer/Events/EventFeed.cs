using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Events;
using ScimServer.Core.Protocol;
using ScimServer.Core.Storage;

namespace ScimServer.Events;

/// <summary>
/// A stream's events, read from the audit log after the stream's cursor (the log is the outbox), in order, as signed
/// SETs. The cursor moves only over what was delivered or acknowledged and over entries that make no event for the
/// stream, so a crash at any point resends (duplicates) and never skips (gaps).
/// </summary>
internal sealed class EventFeed(
    IAuditLog audit,
    IEventStreamStore streams,
    ProvisioningEvents events,
    ISetSigner signer,
    SharedSets shared,
    IOptions<EventOptions> options,
    TimeProvider time)
{
    private const int ReadBatch = 500;

    /// <summary>A poll stream's jti for the event at <paramref name="sequence"/>: the same on every resend, so receivers can drop duplicates.</summary>
    public static string JtiOf(EventStream stream, long sequence) => string.Create(CultureInfo.InvariantCulture, $"{stream.Id}.{sequence}");

    public static bool TryParseJti(EventStream stream, string jti, out long sequence)
    {
        sequence = 0;
        return jti.StartsWith(stream.Id + ".", StringComparison.Ordinal)
            && long.TryParse(jti.AsSpan(stream.Id.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    /// <summary>
    /// Up to <paramref name="max"/> events after the cursor that are not acknowledged yet; moves the cursor over the
    /// leading entries that need nothing more (no event for this stream, or acknowledged).
    /// </summary>
    public async Task<IReadOnlyList<PendingEvent>> PendingAsync(EventStream stream, int max, CancellationToken cancellationToken)
    {
        var acknowledged = stream.Delivery == EventDelivery.Poll ? await streams.GetAcknowledgementsAsync(stream.Id, cancellationToken) : new HashSet<long>();
        var pending = new List<PendingEvent>();
        var settled = stream.Cursor;
        var after = stream.Cursor;
        var open = true;
        IReadOnlyList<EventStream>? tenantStreams = null;
        while (pending.Count < max)
        {
            var entries = await audit.QueryAsync(new AuditQuery { Tenant = stream.Tenant, AfterSequence = after, Limit = ReadBatch }, cancellationToken);
            foreach (var entry in entries)
            {
                var claims = acknowledged.Contains(entry.Sequence) ? null : events.ClaimsFor(entry, stream);
                if (claims is null)
                {
                    if (open)
                    {
                        settled = entry.Sequence;
                    }

                    continue;
                }

                open = false;
                if (stream.Delivery == EventDelivery.Push)
                {
                    tenantStreams ??= await streams.ListStreamsAsync(stream.Tenant, cancellationToken);
                    pending.Add(SharedPushSet(entry, stream, claims, tenantStreams));
                }
                else
                {
                    var jti = JtiOf(stream, entry.Sequence);
                    pending.Add(new PendingEvent(entry.Sequence, jti, Sign(claims, [AudienceOf(stream)], jti)));
                }

                if (pending.Count == max)
                {
                    break;
                }
            }

            if (entries.Count < ReadBatch)
            {
                break;
            }

            after = entries[^1].Sequence;
        }

        if (settled > stream.Cursor)
        {
            await streams.AdvanceCursorAsync(stream.Id, settled, time.GetUtcNow(), cancellationToken);
        }

        return pending;
    }

    /// <summary>
    /// A push stream's SET, shared with the tenant's other push streams that get the same claims for the event: one
    /// SET whose <c>aud</c> names each of their audiences (RFC 8417 §2.2 allows several; its SCIM example is addressed
    /// to two feeds), signed once. Its jti is the claims' digest and the sequence: the same for every stream and every
    /// resend of the same content, and different for a stream whose format or event filter makes other claims.
    /// </summary>
    private PendingEvent SharedPushSet(AuditEntry entry, EventStream stream, JObject claims, IReadOnlyList<EventStream> tenantStreams)
    {
        var digest = DigestOf(claims);
        var jti = string.Create(CultureInfo.InvariantCulture, $"{digest}.{entry.Sequence}");
        var audience = AudienceOf(stream);
        if (shared.TryGet(stream.Tenant, entry.Sequence, digest, audience, out var set))
        {
            return new PendingEvent(entry.Sequence, jti, set);
        }

        var audiences = new SortedSet<string>(StringComparer.Ordinal) { audience };
        foreach (var other in tenantStreams)
        {
            // Streams created after the event never get it (their cursor starts past it).
            if (other.Id != stream.Id && other.Delivery == EventDelivery.Push && other.Cursor < entry.Sequence
                && events.ClaimsFor(entry, other) is { } theirs && DigestOf(theirs) == digest)
            {
                audiences.Add(AudienceOf(other));
            }
        }

        return new PendingEvent(entry.Sequence, jti, shared.GetOrSign(stream.Tenant, entry.Sequence, digest, audience, audiences, () => Sign(claims, audiences, jti)));
    }

    private string Sign(JObject claims, IReadOnlyCollection<string> audiences, string jti)
    {
        claims["iss"] = options.Value.Issuer;
        claims["aud"] = audiences.Count == 1 ? audiences.First() : new JArray(audiences);
        claims["iat"] = time.GetUtcNow().ToUnixTimeSeconds();
        claims["jti"] = jti;
        return signer.Sign(claims);
    }

    private string AudienceOf(EventStream stream) => options.Value.Audience ?? $"urn:scimserver:stream:{stream.Id}";

    /// <summary>What a SET says apart from its addressing and issue time, in 12 characters (72 bits of SHA-256).</summary>
    private static string DigestOf(JObject claims) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(ScimJson.Serialize(claims))).AsSpan(0, 9).ToArray());
}
