using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Validation;

/// <summary>
/// Checks a POST / PUT body against the resource type's schemas (RFC 7643 §2, §7) and turns it into the stored form:
/// attribute names in their schema spelling, values typed, dates normalised, extensions under <c>ext.{alias}</c>,
/// null and empty values dropped (RFC 7643 §2.5: unassigned). Unknown attributes are <c>invalidSyntax</c>,
/// values of the wrong type or a missing required attribute <c>invalidValue</c>. Read-only attributes are ignored on
/// create as on replace (RFC 7644 §3.3, §3.5.1): a client may post a resource as it was served (RFC 7643 §8.2 with
/// <c>groups</c>, Okta's <c>"groups": []</c>).
/// </summary>
public sealed class ResourceValidator(AttributeResolver resolver)
{
    private const string SchemasKey = "schemas";
    private const string PasswordAttribute = "password";
    private const string PrimarySubAttribute = "primary";

    public ScimResult<ValidatedResource> Validate(ResourceTypeDefinition resourceType, JToken? body, WriteContext context, JObject? existing = null)
    {
        if (body is not JObject input)
        {
            return ScimError.InvalidSyntax("The request body must be a JSON object.");
        }

        var schemas = ReadSchemas(resourceType, input);
        if (!schemas.IsSuccess)
        {
            return schemas.Error;
        }

        var declared = schemas.Value;
        var document = new JObject();
        var extensions = new JObject();
        string? password = null;

        foreach (var property in input.Properties())
        {
            var name = property.Name;
            if (name.Equals(SchemasKey, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (resolver.Registry.FindCommonAttribute(name) is { } common)
            {
                // id and meta are the server's (RFC 7643 §3.1: client values SHALL be ignored); externalId is the client's.
                if (common.Mutability != Mutability.ReadOnly)
                {
                    var commonValue = ValidateValue(common, property.Value, context, name);
                    if (!commonValue.IsSuccess)
                    {
                        return commonValue.Error;
                    }

                    Assign(document, common.Name, commonValue.Value);
                }

                continue;
            }

            if (AttributeResolver.FindSchemaOf(resourceType, name) is { StorageAlias: { } alias } extension)
            {
                var extensionValue = ValidateExtension(extension, property.Value, context);
                if (!extensionValue.IsSuccess)
                {
                    return extensionValue.Error;
                }

                if (extensionValue.Value.HasValues)
                {
                    extensions[alias] = extensionValue.Value;
                    declared.Add(extension.Id);
                }

                continue;
            }

            var attribute = resourceType.Schema.FindAttribute(name);
            if (attribute is null)
            {
                return ScimError.InvalidSyntax($"'{name}' is not an attribute of the {resourceType.Name} resource.");
            }

            if (document.ContainsKey(attribute.Name))
            {
                return ScimError.InvalidSyntax($"'{attribute.Name}' appears more than once.");
            }

            if (attribute.Mutability == Mutability.WriteOnly && attribute.Name == PasswordAttribute)
            {
                if (property.Value.Type == JTokenType.Null)
                {
                    continue;
                }

                if (property.Value.Type != JTokenType.String || ((string?)property.Value)!.Length == 0)
                {
                    return ScimError.InvalidValue("'password' must be a non-empty string.");
                }

                password = (string?)property.Value;
                continue;
            }

            var mutabilityError = CheckMutability(attribute, property.Value, context, existing?[attribute.Name]);
            if (mutabilityError is not null)
            {
                return mutabilityError;
            }

            if (attribute.Mutability == Mutability.ReadOnly)
            {
                continue;
            }

            if (SchemaRegistry.IsMembershipAttribute(resourceType, attribute) && property.Value.Type != JTokenType.Null)
            {
                // Members are checked by the one member rule of every write path when they become edges
                // (GroupMembers, MembersPatch); dropping an empty element here, as for other attributes, would turn
                // "members": [{}] into no members and empty a group on PUT.
                if (property.Value is not JArray)
                {
                    return ScimError.InvalidValue($"'{attribute.Name}' is multi-valued: send an array.");
                }

                document[attribute.Name] = property.Value.DeepClone();
                continue;
            }

            var value = ValidateValue(attribute, property.Value, context, attribute.Name);
            if (!value.IsSuccess)
            {
                return value.Error;
            }

            Assign(document, attribute.Name, value.Value);
        }

        var missing = FindMissingRequired(resourceType, document, extensions);
        if (missing is not null)
        {
            return ScimError.InvalidValue($"'{missing}' is required.");
        }

        var stored = new JObject { [SchemasKey] = new JArray(OrderSchemas(resourceType, declared)) };
        foreach (var property in document.Properties())
        {
            stored.Add(property.Name, property.Value);
        }

        if (extensions.HasValues)
        {
            stored[AttributeResolver.ExtensionStorageKey] = extensions;
        }

        return new ValidatedResource(stored, password, (string?)document["externalId"]);
    }

    private static ScimResult<HashSet<string>> ReadSchemas(ResourceTypeDefinition resourceType, JObject input)
    {
        var token = input.Properties().FirstOrDefault(p => p.Name.Equals(SchemasKey, StringComparison.OrdinalIgnoreCase))?.Value;
        if (token is not JArray array || array.Count == 0)
        {
            return ScimError.InvalidSyntax($"'schemas' must list the resource's schema URNs, starting with \"{resourceType.Schema.Id}\".");
        }

        var declared = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in array)
        {
            if (item.Type != JTokenType.String)
            {
                return ScimError.InvalidSyntax("'schemas' must be an array of URN strings.");
            }

            // A URN this resource type does not know is dropped rather than refused: Microsoft Entra ID lists
            // "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group" on every group it creates.
            // Attributes sent under an unknown URN are still refused (invalidSyntax).
            var urn = (string)item!;
            if (AttributeResolver.FindSchemaOf(resourceType, urn) is { } schema)
            {
                declared.Add(schema.Id);
            }
        }

        if (!declared.Contains(resourceType.Schema.Id))
        {
            return ScimError.InvalidValue($"'schemas' must include \"{resourceType.Schema.Id}\".");
        }

        return declared;
    }

    private static IEnumerable<string> OrderSchemas(ResourceTypeDefinition resourceType, HashSet<string> declared) =>
        resourceType.AllSchemas().Select(s => s.Id).Where(declared.Contains);

    private ScimResult<JObject> ValidateExtension(SchemaDefinition extension, JToken value, WriteContext context)
    {
        if (value.Type == JTokenType.Null)
        {
            return new JObject();
        }

        if (value is not JObject input)
        {
            return ScimError.InvalidValue($"'{extension.Id}' must be a JSON object of that schema's attributes.");
        }

        var result = new JObject();
        foreach (var property in input.Properties())
        {
            var attribute = extension.FindAttribute(property.Name);
            if (attribute is null)
            {
                return ScimError.InvalidSyntax($"'{property.Name}' is not an attribute of '{extension.Id}'.");
            }

            var mutabilityError = CheckMutability(attribute, property.Value, context, existing: null);
            if (mutabilityError is not null)
            {
                return mutabilityError;
            }

            if (attribute.Mutability == Mutability.ReadOnly)
            {
                continue;
            }

            var checkedValue = ValidateValue(attribute, property.Value, context, $"{extension.Id}:{attribute.Name}");
            if (!checkedValue.IsSuccess)
            {
                return checkedValue.Error;
            }

            Assign(result, attribute.Name, checkedValue.Value);
        }

        return result;
    }

    private static ScimError? CheckMutability(AttributeDefinition attribute, JToken value, WriteContext context, JToken? existing)
    {
        if (value.Type == JTokenType.Null)
        {
            return null;
        }

        if (attribute.Mutability == Mutability.Immutable && context == WriteContext.Replace
            && existing is not null && !JToken.DeepEquals(existing, value))
        {
            return ScimError.Mutability($"'{attribute.Name}' is immutable: it cannot change once set.");
        }

        return null;
    }

    /// <summary>Validates one attribute value; returns null for "unassigned".</summary>
    private ScimResult<JToken?> ValidateValue(AttributeDefinition attribute, JToken value, WriteContext context, string path)
    {
        if (value.Type == JTokenType.Null)
        {
            return ScimResult<JToken?>.Ok(null);
        }

        if (!attribute.MultiValued)
        {
            return ValidateSingle(attribute, value, context, path);
        }

        if (value is not JArray array)
        {
            return ScimError.InvalidValue($"'{path}' is multi-valued: send an array.");
        }

        var result = new JArray();
        var primaries = 0;
        foreach (var item in array)
        {
            var element = ValidateSingle(attribute, item, context, path);
            if (!element.IsSuccess)
            {
                return element.Error;
            }

            if (element.Value is null)
            {
                continue;
            }

            if (element.Value is JObject complex && complex[PrimarySubAttribute]?.Type == JTokenType.Boolean && (bool)complex[PrimarySubAttribute]!)
            {
                primaries++;
            }

            result.Add(element.Value);
        }

        // RFC 7643 §2.4: the primary attribute value "true" MUST appear no more than once.
        if (primaries > 1)
        {
            return ScimError.InvalidValue($"'{path}': at most one value may be primary.");
        }

        return result.Count == 0 ? ScimResult<JToken?>.Ok(null) : result;
    }

    private ScimResult<JToken?> ValidateSingle(AttributeDefinition attribute, JToken value, WriteContext context, string path)
    {
        if (value.Type == JTokenType.Null)
        {
            return ScimResult<JToken?>.Ok(null);
        }

        switch (attribute.Type)
        {
            case AttributeType.Complex:
                return ValidateComplex(attribute, value, context, path);

            case AttributeType.Boolean:
                if (value.Type == JTokenType.Boolean)
                {
                    return value.DeepClone();
                }

                // Entra ID sends "active": "False" (and "True"): accept the string forms of a boolean.
                if (value.Type == JTokenType.String && bool.TryParse((string?)value, out var flag))
                {
                    return new JValue(flag);
                }

                return ScimError.InvalidValue($"'{path}' must be a boolean.");

            case AttributeType.Integer:
                return value.Type == JTokenType.Integer
                    ? value.DeepClone()
                    : ScimError.InvalidValue($"'{path}' must be an integer.");

            case AttributeType.Decimal:
                return value.Type is JTokenType.Float or JTokenType.Integer
                    ? value.DeepClone()
                    : ScimError.InvalidValue($"'{path}' must be a number.");

            case AttributeType.DateTime:
                if (value.Type == JTokenType.String && ScimDateTime.TryNormalize((string)value!, out var normalized))
                {
                    return new JValue(normalized);
                }

                return ScimError.InvalidValue($"'{path}' must be an xsd:dateTime such as \"2011-05-13T04:42:34Z\".");

            default:
                if (value.Type != JTokenType.String)
                {
                    return ScimError.InvalidValue($"'{path}' must be a string.");
                }

                return value.DeepClone();
        }
    }

    private ScimResult<JToken?> ValidateComplex(AttributeDefinition attribute, JToken value, WriteContext context, string path)
    {
        if (value is not JObject input)
        {
            return ScimError.InvalidValue($"'{path}' must be a JSON object.");
        }

        var result = new JObject();
        foreach (var property in input.Properties())
        {
            var sub = attribute.FindSubAttribute(property.Name);
            if (sub is null)
            {
                return ScimError.InvalidSyntax($"'{property.Name}' is not a sub-attribute of '{path}'.");
            }

            // Read-only sub-attributes (a member's display, a manager's displayName) are the server's to fill:
            // identity providers echo them back, so they are ignored rather than refused.
            if (sub.Mutability == Mutability.ReadOnly)
            {
                continue;
            }

            var subValue = ValidateValue(sub, property.Value, context, $"{path}.{sub.Name}");
            if (!subValue.IsSuccess)
            {
                return subValue.Error;
            }

            Assign(result, sub.Name, subValue.Value);
        }

        return result.HasValues ? result : ScimResult<JToken?>.Ok(null);
    }

    private static void Assign(JObject target, string name, JToken? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }

    private static string? FindMissingRequired(ResourceTypeDefinition resourceType, JObject document, JObject extensions)
    {
        foreach (var attribute in resourceType.Schema.Attributes)
        {
            if (attribute.Required && attribute.Mutability != Mutability.ReadOnly && !IsPresent(document[attribute.Name]))
            {
                return attribute.Name;
            }
        }

        foreach (var extension in resourceType.Extensions)
        {
            var stored = extensions[extension.Schema.StorageAlias!] as JObject;
            if (stored is null && !extension.Required)
            {
                continue;
            }

            foreach (var attribute in extension.Schema.Attributes)
            {
                if (attribute.Required && !IsPresent(stored?[attribute.Name]))
                {
                    return $"{extension.Schema.Id}:{attribute.Name}";
                }
            }
        }

        return null;
    }

    private static bool IsPresent(JToken? value) =>
        value is not null && value.Type != JTokenType.Null
        && !(value.Type == JTokenType.String && string.IsNullOrWhiteSpace((string?)value));
}
