using Newtonsoft.Json.Linq;
using ScimServer.Core.Filtering;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;

namespace ScimServer.Storage.Contract;

/// <summary>
/// Binds attribute paths against the real <c>schemas/*.json</c> (embedded in Core) the way the filter binder does,
/// so store tests can build bound filters by hand: <c>"name.familyName"</c>, <c>"emails.value"</c>,
/// <c>"meta.lastModified"</c>, <c>"enterprise:manager.value"</c> (an extension by its storage alias).
/// </summary>
public static class TestSchema
{
    private static readonly Lazy<IReadOnlyList<AttributeDefinition>> Common = new(() => Load("common.json").Attributes);
    private static readonly Lazy<LoadedSchema> UserSchema = new(() => Load("User.json"));
    private static readonly Lazy<LoadedSchema> GroupSchema = new(() => Load("Group.json"));
    private static readonly Lazy<IReadOnlyList<LoadedSchema>> UserExtensions =
        new(() => [Load("EnterpriseUser.json"), Load("AccessUser.json")]);

    public static BoundAttribute User(string path) => Bind(UserSchema.Value, UserExtensions.Value, path);

    public static BoundAttribute Group(string path) => Bind(GroupSchema.Value, [], path);

    /// <summary>A sub-attribute of an element of <paramref name="multiValued"/>, as inside a value filter.</summary>
    public static BoundAttribute Element(BoundAttribute multiValued, string subAttribute)
    {
        var sub = multiValued.Attribute.FindSubAttribute(subAttribute)
            ?? throw new ArgumentException($"'{multiValued}' has no sub-attribute '{subAttribute}'.", nameof(subAttribute));
        return new BoundAttribute { Attribute = sub, StoragePath = [sub.Name], IsElementRelative = true };
    }

    private static BoundAttribute Bind(LoadedSchema core, IReadOnlyList<LoadedSchema> extensions, string path)
    {
        var schema = core;
        IReadOnlyList<string> prefix = [];
        var colon = path.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var alias = path[..colon];
            schema = extensions.Single(e => e.Alias == alias);
            prefix = ["ext", alias];
            path = path[(colon + 1)..];
        }

        var parts = path.Split('.');
        var attribute = Find(schema.Attributes, parts[0])
            ?? (colon < 0 ? Find(Common.Value, parts[0]) : null)
            ?? throw new ArgumentException($"Unknown attribute '{parts[0]}'.", nameof(path));
        var sub = parts.Length > 1
            ? attribute.FindSubAttribute(parts[1]) ?? throw new ArgumentException($"Unknown sub-attribute '{parts[1]}'.", nameof(path))
            : null;
        return new BoundAttribute
        {
            Attribute = attribute,
            SubAttribute = sub,
            StoragePath = [.. prefix, attribute.Name],
            IsMembership = colon < 0 && IsMembership(core, attribute),
            IsUserActive = colon < 0 && sub is null && ReferenceEquals(core, UserSchema.Value) && attribute.Name == SchemaRegistry.ActiveAttribute,
        };
    }

    /// <summary>As <see cref="SchemaRegistry.IsMembershipAttribute"/>: a group's members and a user's groups are edges.</summary>
    private static bool IsMembership(LoadedSchema schema, AttributeDefinition attribute) =>
        (ReferenceEquals(schema, GroupSchema.Value) && attribute.Name == SchemaRegistry.MembersAttribute)
        || (ReferenceEquals(schema, UserSchema.Value) && attribute.Name == SchemaRegistry.GroupsAttribute);

    private static AttributeDefinition? Find(IReadOnlyList<AttributeDefinition> attributes, string name) =>
        attributes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    private static LoadedSchema Load(string file)
    {
        using var stream = typeof(ScimJson).Assembly.GetManifestResourceStream("schemas/" + file)
            ?? throw new InvalidOperationException($"schemas/{file} is not embedded in ScimServer.Core.");
        using var text = new StreamReader(stream);
        var json = ScimJson.ParseObject(text.ReadToEnd());
        return new LoadedSchema(json.Value<string>("x-storageAlias"), [.. json["attributes"]!.Select(a => Definition((JObject)a))]);
    }

    private static AttributeDefinition Definition(JObject json) => new()
    {
        Name = json.Value<string>("name")!,
        Type = Enum.Parse<AttributeType>(json.Value<string>("type")!, ignoreCase: true),
        MultiValued = json.Value<bool?>("multiValued") ?? false,
        CaseExact = json.Value<bool?>("caseExact") ?? false,
        Required = json.Value<bool?>("required") ?? false,
        Uniqueness = Enum.Parse<Uniqueness>(json.Value<string>("uniqueness") ?? "none", ignoreCase: true),
        SubAttributes = json["subAttributes"] is JArray subs ? [.. subs.Select(s => Definition((JObject)s))] : [],
    };

    private sealed record LoadedSchema(string? Alias, IReadOnlyList<AttributeDefinition> Attributes);
}
