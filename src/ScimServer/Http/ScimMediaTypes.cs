namespace ScimServer.Http;

internal static class ScimMediaTypes
{
    public const string Scim = "application/scim+json";
    public const string Json = "application/json";
    public const string ScimWithCharset = "application/scim+json; charset=utf-8";
}
