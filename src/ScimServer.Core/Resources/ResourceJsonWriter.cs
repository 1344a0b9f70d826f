using System.Text.Json;
using ScimServer.Core.Projection;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Resources;

/// <summary>
/// Writes resources of one type for one request as SCIM JSON straight from their stored text: the same representation
/// <see cref="ResourceRenderer.Render"/>, <see cref="MembershipRenderer.AttachAsync"/> and
/// <see cref="AttributeSelection.Apply"/> make of the same resource, in the same property order (schemas, id, externalId,
/// core attributes in schema order, extensions under their URN, members or groups, meta), without building a JObject:
/// building, reshaping and serialising them was most of a read's time and allocations.
/// </summary>
public sealed class ResourceJsonWriter(ResourceTypeDefinition resourceType, AttributeSelection selection, ScimRequestContext context)
{
    private const string SchemasName = "schemas";
    private const string IdName = "id";
    private const string ExternalIdName = "externalId";
    private const string MetaName = "meta";
    private const string MetaResourceType = "resourceType";

    private readonly string _schemaId = resourceType.Schema.Id;

    /// <param name="membership">The membership values of the page the resource is on; null when not loaded (excluded).</param>
    public void Write(Utf8JsonWriter writer, StoredResource resource, MembershipValues? membership)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(resource);

        using var document = JsonDocument.Parse(resource.DocumentUtf8(), ScimJson.StoredDocumentOptions);
        var stored = document.RootElement;
        writer.WriteStartObject();

        writer.WritePropertyName(SchemasName);
        if (stored.TryGetProperty(SchemasName, out var schemas))
        {
            schemas.WriteTo(writer);
        }
        else
        {
            writer.WriteStartArray();
            writer.WriteStringValue(_schemaId);
            writer.WriteEndArray();
        }

        writer.WriteString(IdName, resource.Id);

        // externalId (a common attribute) has no definition in the core schema: it is returned by default like any other.
        if (stored.TryGetProperty(ExternalIdName, out var externalId))
        {
            WriteAttribute(writer, _schemaId, ExternalIdName, null, externalId);
        }

        var attached = membership?.Of(resource.Id);
        foreach (var attribute in resourceType.Schema.Attributes)
        {
            // Attached membership values come last, just before meta, where the JObject rendering adds them.
            if (attribute.Returned == Returned.Never || (attached is not null && attribute == membership!.Attribute))
            {
                continue;
            }

            if (stored.TryGetProperty(attribute.Name, out var value))
            {
                WriteAttribute(writer, _schemaId, attribute.Name, attribute, value);
            }
        }

        if (stored.TryGetProperty(AttributeResolver.ExtensionStorageKey, out var extensions) && extensions.ValueKind == JsonValueKind.Object)
        {
            foreach (var extension in resourceType.Extensions)
            {
                if (extensions.TryGetProperty(extension.Schema.StorageAlias!, out var values) && values.ValueKind == JsonValueKind.Object)
                {
                    WriteExtension(writer, extension.Schema, values);
                }
            }
        }

        if (attached is not null)
        {
            WriteMembership(writer, membership!.Attribute, attached);
        }

        WriteMeta(writer, resource);
        writer.WriteEndObject();
    }

    private void WriteAttribute(Utf8JsonWriter writer, string schemaId, string name, AttributeDefinition? definition, JsonElement value)
    {
        var choice = selection.IsDefault ? AttributeChoice.Whole : ChoiceFor(schemaId, name, definition, value);
        switch (choice)
        {
            case AttributeChoice.Whole:
                writer.WritePropertyName(name);
                value.WriteTo(writer);
                break;
            case AttributeChoice.SubAttributes:
                writer.WritePropertyName(name);
                WriteKeptSubAttributes(writer, schemaId, name, value);
                break;
            case AttributeChoice.EachElementSubAttributes:
                writer.WriteStartArray(name);
                foreach (var element in value.EnumerateArray())
                {
                    if (element.ValueKind == JsonValueKind.Object && KeepsAnySubAttribute(schemaId, name, element))
                    {
                        WriteKeptSubAttributes(writer, schemaId, name, element);
                    }
                }

                writer.WriteEndArray();
                break;
        }
    }

    /// <summary>The selection's choice, narrowed to <see cref="AttributeChoice.Drop"/> when it would keep an empty value.</summary>
    private AttributeChoice ChoiceFor(string schemaId, string name, AttributeDefinition? definition, JsonElement value)
    {
        var choice = selection.Choose(schemaId, name, definition, value.ValueKind == JsonValueKind.Object, value.ValueKind == JsonValueKind.Array);
        return choice switch
        {
            AttributeChoice.SubAttributes when !KeepsAnySubAttribute(schemaId, name, value) => AttributeChoice.Drop,
            AttributeChoice.EachElementSubAttributes when !value.EnumerateArray().Any(
                e => e.ValueKind == JsonValueKind.Object && KeepsAnySubAttribute(schemaId, name, e)) => AttributeChoice.Drop,
            _ => choice,
        };
    }

    private bool KeepsAnySubAttribute(string schemaId, string name, JsonElement complex)
    {
        foreach (var property in complex.EnumerateObject())
        {
            if (selection.KeepsSubAttribute(schemaId, name, property.Name))
            {
                return true;
            }
        }

        return false;
    }

    private void WriteKeptSubAttributes(Utf8JsonWriter writer, string schemaId, string name, JsonElement complex)
    {
        writer.WriteStartObject();
        foreach (var property in complex.EnumerateObject())
        {
            if (selection.KeepsSubAttribute(schemaId, name, property.Name))
            {
                property.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// An extension's attributes, stored under <c>ext.{alias}</c>, returned under the extension's URN. Without a
    /// selection it is returned even when empty; with one, only when something of it is kept.
    /// </summary>
    private void WriteExtension(Utf8JsonWriter writer, SchemaDefinition schema, JsonElement stored)
    {
        if (!selection.IsDefault && selection.ExcludesSchema(schema))
        {
            return;
        }

        var whole = selection.IsDefault || selection.AsksForSchema(schema);
        var started = false;
        foreach (var attribute in schema.Attributes)
        {
            if (attribute.Returned == Returned.Never || !stored.TryGetProperty(attribute.Name, out var value))
            {
                continue;
            }

            var choice = whole ? AttributeChoice.Whole : ChoiceFor(schema.Id, attribute.Name, attribute, value);
            if (choice == AttributeChoice.Drop)
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartObject(schema.Id);
                started = true;
            }

            if (whole)
            {
                writer.WritePropertyName(attribute.Name);
                value.WriteTo(writer);
            }
            else
            {
                WriteAttribute(writer, schema.Id, attribute.Name, attribute, value);
            }
        }

        if (started)
        {
            writer.WriteEndObject();
        }
        else if (selection.IsDefault)
        {
            writer.WriteStartObject(schema.Id);
            writer.WriteEndObject();
        }
    }

    private void WriteMembership(Utf8JsonWriter writer, AttributeDefinition attribute, IReadOnlyList<MembershipValue> values)
    {
        var choice = selection.IsDefault ? AttributeChoice.Whole : selection.Choose(_schemaId, attribute.Name, attribute, isObject: false, isArray: true);
        if (choice == AttributeChoice.Drop)
        {
            return;
        }

        var whole = choice != AttributeChoice.EachElementSubAttributes;
        var keepValue = whole || selection.KeepsSubAttribute(_schemaId, attribute.Name, "value");
        var keepReference = whole || selection.KeepsSubAttribute(_schemaId, attribute.Name, "$ref");
        var keepDisplay = whole || selection.KeepsSubAttribute(_schemaId, attribute.Name, "display");
        var keepType = whole || selection.KeepsSubAttribute(_schemaId, attribute.Name, "type");

        // Every element has a value and a type; $ref and display may be missing. An element left empty goes, and
        // so does the attribute when every element went.
        bool Empty(MembershipValue v) =>
            !keepValue && !keepType && (!keepReference || v.Reference is null) && (!keepDisplay || v.Display is null);
        if (!whole && values.All(Empty))
        {
            return;
        }

        writer.WriteStartArray(attribute.Name);
        foreach (var value in values)
        {
            if (Empty(value))
            {
                continue;
            }

            writer.WriteStartObject();
            if (keepValue)
            {
                writer.WriteString("value", value.Value);
            }

            if (keepReference && value.Reference is not null)
            {
                writer.WriteString("$ref", value.Reference);
            }

            if (keepDisplay && value.Display is not null)
            {
                writer.WriteString("display", value.Display);
            }

            if (keepType)
            {
                writer.WriteString("type", value.Type);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private void WriteMeta(Utf8JsonWriter writer, StoredResource resource)
    {
        writer.WriteStartObject(MetaName);
        WriteMetaValue(writer, MetaResourceType, resourceType.Name);
        WriteMetaValue(writer, "created", ScimDateTime.ToText(resource.Created));
        WriteMetaValue(writer, "lastModified", ScimDateTime.ToText(resource.LastModified));
        WriteMetaValue(writer, "location", context.LocationOf(resourceType.Endpoint, resource.Id));
        WriteMetaValue(writer, "version", ResourceRenderer.VersionTag(resource.Version));
        writer.WriteEndObject();
    }

    private void WriteMetaValue(Utf8JsonWriter writer, string name, string value)
    {
        if (selection.IsDefault || selection.KeepsSubAttribute(_schemaId, MetaName, name, always: MetaResourceType))
        {
            writer.WriteString(name, value);
        }
    }
}
