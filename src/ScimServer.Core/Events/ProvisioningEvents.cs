using Newtonsoft.Json.Linq;
using ScimServer.Core.Resources;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Events;

/// <summary>
/// Which RFC 9967 events an audit entry makes, and the claims of the Security Event Token (RFC 8417) that carries them.
/// One SET per change: RFC 9967 §2.1 puts events of one transaction on one subject in one SET, so a PATCH that sets
/// <c>active</c> to false is one SET with <c>prov:patch:notice</c> and <c>prov:deactivate</c>.
/// </summary>
public sealed class ProvisioningEvents(SchemaRegistry registry)
{
    public const string TransactionClaim = "txn";
    public const string TimeOfEventClaim = "toe";
    public const string SubjectClaim = "sub_id";
    public const string EventsClaim = "events";

    /// <summary>The claims this server adds beside the RFC's: the tenant the change happened in.</summary>
    public const string TenantClaim = "tenant";

    /// <summary>
    /// The SET claims for <paramref name="entry"/> as <paramref name="stream"/> receives it (its format and event filter),
    /// without <c>iss</c>, <c>aud</c>, <c>iat</c> and <c>jti</c>, which the signer adds; null when the entry makes no
    /// event the stream wants (an admin operation, or one the filter leaves out).
    /// </summary>
    public JObject? ClaimsFor(AuditEntry entry, EventStream stream)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(stream);
        if (entry.Change is not { } change || registry.FindResourceType(entry.ResourceType) is not { } resourceType)
        {
            return null;
        }

        var events = new JObject();
        foreach (var (uri, payload) in EventsOf(entry, change, stream.Format))
        {
            if (stream.Events.Count == 0 || stream.Events.Contains(uri, StringComparer.Ordinal))
            {
                events[uri] = payload;
            }
        }

        if (events.Count == 0)
        {
            return null;
        }

        var subject = new JObject
        {
            ["format"] = "scim",
            ["uri"] = $"{resourceType.Endpoint}/{Uri.EscapeDataString(entry.ResourceId)}",
            ["id"] = entry.ResourceId,
        };
        if (change.ExternalId is { } externalId)
        {
            subject["externalId"] = externalId;
        }

        return new JObject
        {
            [SubjectClaim] = subject,
            [EventsClaim] = events,

            // The change, not this token: the same in every stream and every retransmission (RFC 9967 §2.2).
            [TransactionClaim] = TransactionOf(entry),
            [TimeOfEventClaim] = entry.At.ToUnixTimeSeconds(),
            [TenantClaim] = entry.Tenant,
        };
    }

    public static string TransactionOf(AuditEntry entry) => $"{entry.Tenant}:{entry.Sequence}";

    private static IEnumerable<(string Uri, JObject Payload)> EventsOf(AuditEntry entry, ResourceChange change, EventFormat format)
    {
        var version = entry.Version is { } v ? ResourceRenderer.VersionTag(v) : null;

        // RFC 9967 §2.4: the full form carries the resource after the change in "data" instead of naming the changed
        // attributes. An entry logged without it (before this server kept it) can only be told as a notice.
        var full = format == EventFormat.Full && change.Data is not null;
        JObject Payload()
        {
            var payload = new JObject();
            if (version is not null)
            {
                payload["version"] = version;
            }

            if (full)
            {
                var data = (JObject)change.Data!.DeepClone();
                if (version is not null && data["meta"] is JObject meta)
                {
                    // The store assigns the version in the write's transaction: the logged one is the truth.
                    meta["version"] = version;
                }

                payload["data"] = data;
            }
            else
            {
                payload["attributes"] = new JArray(change.Attributes);
            }

            return payload;
        }

        switch (entry.Operation)
        {
            case "create":
                yield return (full ? ProvisioningEventUris.CreateFull : ProvisioningEventUris.CreateNotice, Payload());
                break;
            case "replace":
                yield return (full ? ProvisioningEventUris.PutFull : ProvisioningEventUris.PutNotice, Payload());
                break;
            case "patch":
                yield return (full ? ProvisioningEventUris.PatchFull : ProvisioningEventUris.PatchNotice, Payload());
                break;
            case "delete":
                // RFC 9967 §2.4.4: no payload attributes, no notice/full qualifier.
                yield return (ProvisioningEventUris.Delete, []);
                yield break;
            default:
                yield break;
        }

        if (change.Active is { } active)
        {
            yield return (active ? ProvisioningEventUris.Activate : ProvisioningEventUris.Deactivate, []);
        }

        if (change.PasswordChanged)
        {
            yield return (ProvisioningEventUris.PasswordChange, []);
        }
    }
}
