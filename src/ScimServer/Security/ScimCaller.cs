namespace ScimServer.Security;

/// <summary>Who the bearer token says is calling: a tenant's client, or the server admin (no tenant).</summary>
internal sealed record ScimCaller(string TokenId, string TokenName, string? Tenant)
{
    public bool IsServerAdmin => Tenant is null;
}
