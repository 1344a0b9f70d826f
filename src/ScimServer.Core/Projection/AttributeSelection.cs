using Newtonsoft.Json.Linq;
using ScimServer.Core.Filtering;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Projection;

/// <summary>
/// <c>attributes</c> / <c>excludedAttributes</c> (RFC 7644 §3.4.2.5) together with each attribute's
/// <c>returned</c> rule (RFC 7643 §7): "always" attributes (<c>id</c>, <c>schemas</c>, <c>meta.resourceType</c>)
/// are never dropped, "never" ones never appear, "request" ones only when asked for.
/// </summary>
public sealed class AttributeSelection
{
    private readonly HashSet<string>? _included;
    private readonly HashSet<string> _excluded;

    private AttributeSelection(HashSet<string>? included, HashSet<string> excluded)
    {
        _included = included;
        _excluded = excluded;
    }

    public static AttributeSelection Default { get; } = new(null, []);

    /// <summary>Whether the caller asked to leave out <paramref name="attributeName"/> of the core schema (e.g. members).</summary>
    public bool Excludes(ResourceTypeDefinition resourceType, string attributeName) =>
        !IsWanted(Key(resourceType.Schema.Id, attributeName), Returned.Default);

    public static ScimResult<AttributeSelection> Parse(
        AttributeResolver resolver,
        ResourceTypeDefinition resourceType,
        string? attributes,
        string? excludedAttributes)
    {
        HashSet<string>? included = null;
        if (!string.IsNullOrWhiteSpace(attributes))
        {
            var parsed = ParseList(resolver, resourceType, attributes, "attributes");
            if (!parsed.IsSuccess)
            {
                return parsed.Error;
            }

            included = parsed.Value;
        }

        var excluded = string.IsNullOrWhiteSpace(excludedAttributes)
            ? ScimResult<HashSet<string>>.Ok([])
            : ParseList(resolver, resourceType, excludedAttributes, "excludedAttributes");
        if (!excluded.IsSuccess)
        {
            return excluded.Error;
        }

        return new AttributeSelection(included, excluded.Value);
    }

    /// <summary>True when the caller asked for no selection: every attribute is returned by its <c>returned</c> rule alone.</summary>
    public bool IsDefault => _included is null && _excluded.Count == 0;

    /// <summary>
    /// What is kept of <paramref name="name"/> of the schema <paramref name="schemaId"/> whose value is an object
    /// (<paramref name="isObject"/>), an array (<paramref name="isArray"/>) or neither. Its <c>returned</c> rule decides
    /// first; a complex value is then narrowed sub-attribute by sub-attribute (<see cref="KeepsSubAttribute"/>).
    /// </summary>
    public AttributeChoice Choose(string schemaId, string name, AttributeDefinition? definition, bool isObject, bool isArray)
    {
        var returned = definition?.Returned ?? Returned.Default;
        if (returned == Returned.Never)
        {
            return AttributeChoice.Drop;
        }

        if (returned == Returned.Always)
        {
            return AttributeChoice.Whole;
        }

        var key = Key(schemaId, name);
        if (definition is { IsComplex: true } && isObject)
        {
            return AttributeChoice.SubAttributes;
        }

        if (definition is { IsComplex: true } && isArray && HasSubSelection(key))
        {
            return AttributeChoice.EachElementSubAttributes;
        }

        return IsWanted(key, returned) ? AttributeChoice.Whole : AttributeChoice.Drop;
    }

    /// <summary>
    /// Whether the sub-attribute <paramref name="subName"/> of a complex value is kept; <paramref name="always"/> names
    /// the one sub-attribute that is returned always (<c>meta.resourceType</c>), if any.
    /// </summary>
    public bool KeepsSubAttribute(string schemaId, string name, string subName, string? always = null)
    {
        if (subName == always)
        {
            return true;
        }

        var key = Key(schemaId, name);
        var subKey = $"{key}.{subName.ToLowerInvariant()}";
        return !_excluded.Contains(key) && !_excluded.Contains(subKey)
            && (_included is null || _included.Contains(key) || _included.Contains(subKey));
    }

    /// <summary>Whether a whole extension schema was excluded by its URN (nothing of it is returned).</summary>
    public bool ExcludesSchema(SchemaDefinition schema) => _excluded.Contains(Normalize(schema.Id));

    /// <summary>Whether a whole extension schema was asked for by its URN (all of its returned attributes are).</summary>
    public bool AsksForSchema(SchemaDefinition schema) => _included?.Contains(Normalize(schema.Id)) == true;

    public JObject Apply(ResourceTypeDefinition resourceType, JObject resource)
    {
        if (IsDefault)
        {
            return resource;
        }

        var output = new JObject();
        foreach (var property in resource.Properties())
        {
            var name = property.Name;
            if (name == "schemas" || name == "id")
            {
                output.Add(name, property.Value);
                continue;
            }

            if (name == "meta")
            {
                var meta = SelectComplex(resourceType.Schema.Id, "meta", (JObject)property.Value, always: "resourceType");
                output.Add(name, meta);
                continue;
            }

            if (AttributeResolver.FindSchemaOf(resourceType, name) is { StorageAlias: not null } extension)
            {
                var selected = SelectSchemaObject(extension, (JObject)property.Value);
                if (selected.HasValues)
                {
                    output.Add(name, selected);
                }

                continue;
            }

            // externalId (a common attribute) has no definition here: it is returned by default like any other.
            var definition = resourceType.Schema.FindAttribute(name);
            var selectedValue = SelectAttribute(resourceType.Schema.Id, name, definition, property.Value);
            if (selectedValue is not null)
            {
                output.Add(name, selectedValue);
            }
        }

        return output;
    }

    private JObject SelectSchemaObject(SchemaDefinition schema, JObject value)
    {
        var output = new JObject();
        if (ExcludesSchema(schema))
        {
            return output;
        }

        var wholeSchemaAsked = AsksForSchema(schema);
        foreach (var property in value.Properties())
        {
            var definition = schema.FindAttribute(property.Name);
            var selected = wholeSchemaAsked
                ? property.Value
                : SelectAttribute(schema.Id, property.Name, definition, property.Value);
            if (selected is not null)
            {
                output.Add(property.Name, selected);
            }
        }

        return output;
    }

    private JToken? SelectAttribute(string schemaId, string name, AttributeDefinition? definition, JToken value)
    {
        switch (Choose(schemaId, name, definition, value is JObject, value is JArray))
        {
            case AttributeChoice.Whole:
                return value;
            case AttributeChoice.SubAttributes:
                var selected = SelectComplex(schemaId, name, (JObject)value, always: null);
                return selected.HasValues ? selected : null;
            case AttributeChoice.EachElementSubAttributes:
                var elements = new JArray();
                foreach (var element in ((JArray)value).OfType<JObject>())
                {
                    var selectedElement = SelectComplex(schemaId, name, element, always: null);
                    if (selectedElement.HasValues)
                    {
                        elements.Add(selectedElement);
                    }
                }

                return elements.Count > 0 ? elements : null;
            default:
                return null;
        }
    }

    private JObject SelectComplex(string schemaId, string name, JObject value, string? always)
    {
        var output = new JObject();
        foreach (var property in value.Properties())
        {
            if (KeepsSubAttribute(schemaId, name, property.Name, always))
            {
                output.Add(property.Name, property.Value);
            }
        }

        return output;
    }

    private bool HasSubSelection(string key)
    {
        var prefix = key + ".";
        return _excluded.Any(k => k.StartsWith(prefix, StringComparison.Ordinal))
            || (_included?.Any(k => k.StartsWith(prefix, StringComparison.Ordinal)) ?? false);
    }

    private bool IsWanted(string key, Returned returned)
    {
        if (_excluded.Contains(key))
        {
            return false;
        }

        if (_included is null)
        {
            return returned != Returned.Request;
        }

        var prefix = key + ".";
        return _included.Contains(key) || _included.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));
    }

    private static ScimResult<HashSet<string>> ParseList(AttributeResolver resolver, ResourceTypeDefinition resourceType, string list, string parameter)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (AttributeResolver.FindSchemaOf(resourceType, raw) is { } wholeSchema)
            {
                keys.Add(Normalize(wholeSchema.Id));
                continue;
            }

            var path = AttributePathText.TryParse(raw);
            if (path is null || !resolver.TryResolve(resourceType, path, out var resolved, out var error))
            {
                return ScimError.InvalidValue($"{parameter}: '{raw}' is not an attribute of the {resourceType.Name} resource.");
            }

            var schemaId = resolved.Schema?.Id ?? resourceType.Schema.Id;
            var key = Key(schemaId, resolved.Attribute.Name);
            keys.Add(resolved.SubAttribute is null ? key : $"{key}.{resolved.SubAttribute.Name.ToLowerInvariant()}");
        }

        return keys;
    }

    private static string Key(string schemaId, string attributeName) => Normalize($"{schemaId}:{attributeName}");

    private static string Normalize(string text) => text.ToLowerInvariant();
}
