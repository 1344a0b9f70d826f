using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Contract;

/// <summary>Stored resources as the application services would hand them to a store.</summary>
public static class TestResources
{
    public const string UserSchemaUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string GroupSchemaUrn = "urn:ietf:params:scim:schemas:core:2.0:Group";

    public static readonly DateTimeOffset Created = new(2024, 1, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh tenant id: every test works in its own tenant, so tests can share one store.</summary>
    public static string NewTenant() => "t-" + Guid.NewGuid().ToString("N");

    public static string NewId() => Guid.NewGuid().ToString();

    /// <param name="body">More of the stored document, as JSON (extensions under <c>ext.{alias}</c>).</param>
    public static StoredResource User(
        string tenant, string userName, string? body = null, string? id = null, DateTimeOffset? lastModified = null, string? externalId = null)
    {
        var document = new JObject { ["schemas"] = new JArray(UserSchemaUrn), ["userName"] = userName };
        if (body is not null)
        {
            document.Merge(ScimJson.ParseObject(body));
        }

        return new StoredResource
        {
            Tenant = tenant,
            ResourceType = "User",
            Id = id ?? NewId(),
            Version = 1,
            Created = Created,
            LastModified = lastModified ?? Created,
            Document = document,
            UniqueKey = ScimText.Fold(userName),
            ExternalId = externalId,
        };
    }

    public static StoredResource Group(string tenant, string displayName, string? id = null) => new()
    {
        Tenant = tenant,
        ResourceType = "Group",
        Id = id ?? NewId(),
        Version = 1,
        Created = Created,
        LastModified = Created,
        Document = new JObject { ["schemas"] = new JArray(GroupSchemaUrn), ["displayName"] = displayName },
    };

    /// <summary>The next version of <paramref name="resource"/> with its document changed.</summary>
    public static StoredResource Changed(StoredResource resource, Action<JObject> change, string? userName = null)
    {
        var document = (JObject)resource.Document.DeepClone();
        change(document);
        if (userName is not null)
        {
            document["userName"] = userName;
        }

        return resource with
        {
            Version = resource.Version + 1,
            LastModified = resource.LastModified.AddMinutes(1),
            Document = document,
            UniqueKey = userName is null ? resource.UniqueKey : ScimText.Fold(userName),
        };
    }
}
