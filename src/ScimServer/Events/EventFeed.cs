using System.Globalization;
using Microsoft.Extensions.Options;
using ScimServer.Core.Events;
using ScimServer.Core.Storage;

namespace ScimServer.Events;

/// <summary>
/// A stream's events, read from the audit log after the stream's cursor (the log is the outbox), in order, as signed
/// SETs. The cursor moves only over what was delivered or acknowledged and over entries that make no event for the
/// stream, so a crash at any point resends (duplicates) and never skips (gaps).
/// </summary>
internal sealed class EventFeed(
    IAuditLog audit, IEventStreamStore streams, ProvisioningEvents events, SetSigner signer, IOptions<EventOptions> options, TimeProvider time)
{
    private const int ReadBatch = 500;

    /// <summary>A stream's jti for the event at <paramref name="sequence"/>: the same on every resend, so receivers can drop duplicates.</summary>
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
                var jti = JtiOf(stream, entry.Sequence);
                claims["iss"] = options.Value.Issuer;
                claims["aud"] = options.Value.Audience ?? $"urn:scimserver:stream:{stream.Id}";
                claims["iat"] = time.GetUtcNow().ToUnixTimeSeconds();
                claims["jti"] = jti;
                pending.Add(new PendingEvent(entry.Sequence, jti, signer.Sign(claims)));
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
}
