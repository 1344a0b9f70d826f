namespace ScimServer.Core.Resources;

/// <summary>
/// Who is asking and where: the caller's tenant, the base URL resources are located under, and — for the audit log —
/// the name of the token that made the request and the request's id.
/// </summary>
public sealed record ScimRequestContext(string Tenant, string BaseUrl)
{
    public string Actor { get; init; } = "system";

    public string? RequestId { get; init; }

    /// <summary>
    /// The users this caller may manage (an Administrator signed in to the User Management page); null for the whole
    /// tenant. Every user operation of <see cref="ResourceService"/> honours it, so the page can do nothing more.
    /// </summary>
    public Rules.AdministrationScope? Scope { get; init; }

    public string LocationOf(string endpoint, string id) => $"{BaseUrl.TrimEnd('/')}{endpoint}/{Uri.EscapeDataString(id)}";
}
