using Newtonsoft.Json.Linq;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Import;

/// <summary>
/// One CSV column and the SCIM attribute it maps to: where it goes in a created user, the PATCH path that
/// replaces it, and how to read its current value back from a user the server returned.
/// </summary>
public sealed record ImportColumn
{
    public required string Name { get; init; }

    public required ImportColumnKind Kind { get; init; }

    /// <summary>The schema the attribute belongs to (the core User schema or an extension URN).</summary>
    public required string Schema { get; init; }

    /// <summary>The attribute within its schema, dotted for a sub-attribute (<c>name.givenName</c>).</summary>
    public required string Attribute { get; init; }

    /// <summary>The PATCH path (RFC 7644 §3.5.2) that replaces this attribute.</summary>
    public string PatchPath => Name == ImportColumns.Email
        ? "emails[type eq \"work\"].value"
        : Schema == ScimSchemaUrns.User ? Attribute : $"{Schema}:{Attribute}";

    /// <summary>The cell as a SCIM value; null for an empty cell (which leaves the attribute as it is).</summary>
    public JToken? ValueOf(string? cell)
    {
        var text = cell?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return Kind switch
        {
            ImportColumnKind.Boolean => BooleanText.TryParse(text, out var flag) ? new JValue(flag) : null,
            ImportColumnKind.List => new JArray(ListText.Split(text).Select(v => (JToken)v)),
            ImportColumnKind.Reference => new JObject { ["value"] = text },
            _ => new JValue(text),
        };
    }

    /// <summary>The attribute's value in a user as the server returned it, in the shape <see cref="ValueOf"/> gives.</summary>
    public JToken? CurrentValue(JObject user)
    {
        var container = Schema == ScimSchemaUrns.User ? user : user[Schema] as JObject;
        if (container is null)
        {
            return null;
        }

        if (Name == ImportColumns.Email)
        {
            var emails = (container["emails"] as JArray)?.OfType<JObject>().ToList() ?? [];
            var email = emails.FirstOrDefault(e => string.Equals((string?)e["type"], "work", StringComparison.OrdinalIgnoreCase))
                ?? emails.FirstOrDefault(e => e["primary"]?.Type == JTokenType.Boolean && (bool)e["primary"]!)
                ?? emails.FirstOrDefault();
            return Normalised(email?["value"]);
        }

        var value = container.SelectToken(Attribute);
        return Kind == ImportColumnKind.Reference ? (value?["value"] is { } id ? new JObject { ["value"] = id } : null) : Normalised(value);
    }

    /// <summary>Whether two values of this column are the same (lists compare as sets).</summary>
    public bool SameValue(JToken? current, JToken? desired)
    {
        if (Kind == ImportColumnKind.List)
        {
            var left = (current as JArray)?.Select(v => (string?)v).ToHashSet(StringComparer.Ordinal) ?? [];
            var right = (desired as JArray)?.Select(v => (string?)v).ToHashSet(StringComparer.Ordinal) ?? [];
            return left.SetEquals(right);
        }

        return JToken.DeepEquals(current ?? JValue.CreateNull(), desired ?? JValue.CreateNull());
    }

    /// <summary>Writes the value into a new user document (for POST).</summary>
    public void WriteTo(JObject user, JToken value)
    {
        if (Name == ImportColumns.Email)
        {
            user["emails"] = new JArray(new JObject { ["value"] = value, ["type"] = "work", ["primary"] = true });
            return;
        }

        var target = user;
        if (Schema != ScimSchemaUrns.User)
        {
            if (user[Schema] is not JObject extension)
            {
                extension = [];
                user[Schema] = extension;
                ((JArray)user["schemas"]!).Add(Schema);
            }

            target = extension;
        }

        var parts = Attribute.Split('.');
        foreach (var part in parts[..^1])
        {
            if (target[part] is not JObject child)
            {
                child = [];
                target[part] = child;
            }

            target = child;
        }

        target[parts[^1]] = value;
    }

    private static JToken? Normalised(JToken? value) =>
        value is null || value.Type == JTokenType.Null || (value is JArray { Count: 0 }) ? null : value.DeepClone();
}
