namespace ScimServer.Endpoints;

/// <summary>
/// What this build of the server supports, as ServiceProviderConfig reports it. Each flag turns true in the change
/// that delivers the feature, so discovery never promises what the endpoints cannot do.
/// </summary>
internal static class ScimFeatures
{
    public const bool Patch = true;
    public const bool Bulk = true;

    /// <summary>A password sent on PUT replaces the stored one (RFC 7643 §5 changePassword).</summary>
    public const bool ChangePassword = true;

    /// <summary>Keyset cursors do not expire; this is the least a client may count on (RFC 9865 cursorTimeout).</summary>
    public const int CursorTimeoutSeconds = 3600;
}
