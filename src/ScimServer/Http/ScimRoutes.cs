namespace ScimServer.Http;

internal static class ScimRoutes
{
    /// <summary>The SCIM base path (RFC 7644 §3: the "/v2" version prefix).</summary>
    public const string Prefix = "/scim/v2";
}
