using Newtonsoft.Json.Linq;
using ScimServer.Core.Events;
using ScimServer.Core.Protocol;

namespace ScimServer.Storage.Sqlite;

/// <summary>The <c>audit.change</c> column: a <see cref="ResourceChange"/> as compact JSON with short member names.</summary>
internal static class ResourceChangeJson
{
    public static string Write(ResourceChange change)
    {
        var json = new JObject { ["attributes"] = new JArray(change.Attributes) };
        if (change.ExternalId is { } externalId)
        {
            json["externalId"] = externalId;
        }

        if (change.Active is { } active)
        {
            json["active"] = active;
        }

        if (change.PasswordChanged)
        {
            json["password"] = true;
        }

        if (change.Data is { } data)
        {
            json["data"] = data;
        }

        return ScimJson.Serialize(json);
    }

    public static ResourceChange Parse(string text)
    {
        var json = ScimJson.ParseObject(text);
        return new ResourceChange
        {
            ExternalId = (string?)json["externalId"],
            Attributes = json["attributes"] is JArray attributes ? attributes.Select(a => (string)a!).ToList() : [],
            Active = (bool?)json["active"],
            PasswordChanged = (bool?)json["password"] ?? false,
            Data = json["data"] as JObject,
        };
    }
}
