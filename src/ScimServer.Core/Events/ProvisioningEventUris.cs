namespace ScimServer.Core.Events;

/// <summary>
/// The event type URIs of RFC 9967 §2.4 (provisioning), and this server's own password-change event: RFC 9967 defines
/// no signal event for a password change (the drafts' <c>sig:pwdReset</c> was dropped before publication).
/// </summary>
public static class ProvisioningEventUris
{
    public const string Prefix = "urn:ietf:params:scim:event:prov:";
    public const string CreateNotice = Prefix + "create:notice";
    public const string CreateFull = Prefix + "create:full";
    public const string PatchNotice = Prefix + "patch:notice";
    public const string PatchFull = Prefix + "patch:full";
    public const string PutNotice = Prefix + "put:notice";
    public const string PutFull = Prefix + "put:full";
    public const string Delete = Prefix + "delete";
    public const string Activate = Prefix + "activate";
    public const string Deactivate = Prefix + "deactivate";

    /// <summary>A user's password was set or changed (by POST, PUT, PATCH or Bulk); the payload never holds it.</summary>
    public const string PasswordChange = "urn:scimserver:event:password:change";

    public static IReadOnlyList<string> All { get; } =
        [CreateNotice, CreateFull, PatchNotice, PatchFull, PutNotice, PutFull, Delete, Activate, Deactivate, PasswordChange];
}
