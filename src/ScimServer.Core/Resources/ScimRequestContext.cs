namespace ScimServer.Core.Resources;

/// <summary>Who is asking and where: the caller's tenant and the base URL resources are located under.</summary>
public sealed record ScimRequestContext(string Tenant, string BaseUrl)
{
    public string LocationOf(string endpoint, string id) => $"{BaseUrl.TrimEnd('/')}{endpoint}/{Uri.EscapeDataString(id)}";
}
