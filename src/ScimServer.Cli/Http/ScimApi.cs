using Newtonsoft.Json.Linq;
using ScimServer.Cli.Bulk;

namespace ScimServer.Cli.Http;

/// <summary>The tenant's SCIM endpoints under <c>{url}/scim/v2</c>.</summary>
internal sealed class ScimApi(HttpClient http) : JsonApi(http, "scim/v2")
{
    public async Task<ServiceProviderInfo> ServiceProviderConfigAsync(CancellationToken cancellationToken) =>
        ServiceProviderInfo.From(await SendAsync(HttpMethod.Get, "/ServiceProviderConfig", null, cancellationToken) ?? []);

    /// <summary>Every user matching the filter (all users when null), paging with startIndex/count (RFC 7644 §3.4.2.4).</summary>
    public async Task<IReadOnlyList<JObject>> UsersAsync(string? filter, int pageSize, CancellationToken cancellationToken)
    {
        var users = new List<JObject>();
        var startIndex = 1;
        while (true)
        {
            var query = Query(("filter", filter), ("startIndex", startIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("count", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var page = await SendAsync(HttpMethod.Get, $"/Users?{query}", null, cancellationToken) ?? [];
            var resources = (page["Resources"] as JArray)?.OfType<JObject>().ToList() ?? [];
            users.AddRange(resources);
            var total = page["totalResults"]?.Type == JTokenType.Integer ? (int)page["totalResults"]! : users.Count;
            if (resources.Count == 0 || users.Count >= total)
            {
                return users;
            }

            startIndex += resources.Count;
        }
    }

    public async Task<JObject> BulkAsync(IEnumerable<BulkOperation> operations, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, "/Bulk", BulkRequest.Body(operations), cancellationToken) ?? [];
}
