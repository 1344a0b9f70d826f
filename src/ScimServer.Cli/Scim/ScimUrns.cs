namespace ScimServer.Cli.Scim;

/// <summary>The SCIM URNs and attribute paths scimctl writes (RFC 7643, RFC 7644 and the server's access extension).</summary>
internal static class ScimUrns
{
    public const string User = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string EnterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string AccessUser = "urn:ietf:params:scim:schemas:extension:access:2.0:User";
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string BulkRequest = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    public const string ListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    public const string Roles = AccessUser + ":roles";
    public const string ServiceAccount = AccessUser + ":serviceAccount";
}
