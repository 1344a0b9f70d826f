using System.Buffers;
using System.Globalization;
using System.Text;
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
public sealed class ResourceJsonWriter(ResourceJsonLayout layout, AttributeSelection selection, ScimRequestContext context)
{
    private const string SchemasName = ResourceJsonLayout.SchemasName;
    private const string IdName = "id";
    private const string ExternalIdName = ResourceJsonLayout.ExternalIdName;
    private const string MetaName = "meta";
    private const string MetaResourceType = "resourceType";

    /// <summary>The longest text written by <see cref="WriteText"/> and <see cref="WriteLocation"/> without the writer's escaping.</summary>
    private const int MaxPlainText = 512;

    // Names escaped once, and values that need no escaping copied as UTF-8: written from strings, each name and value
    // was checked for characters to escape and transcoded from UTF-16 (about 9 % of a page of users, issue 12).
    private static readonly JsonEncodedText EncodedSchemas = ResourceJsonLayout.Encoded(SchemasName);
    private static readonly JsonEncodedText EncodedId = ResourceJsonLayout.Encoded(IdName);
    private static readonly JsonEncodedText EncodedMeta = ResourceJsonLayout.Encoded(MetaName);
    private static readonly JsonEncodedText EncodedResourceType = ResourceJsonLayout.Encoded(MetaResourceType);
    private static readonly JsonEncodedText EncodedCreated = ResourceJsonLayout.Encoded("created");
    private static readonly JsonEncodedText EncodedLastModified = ResourceJsonLayout.Encoded("lastModified");
    private static readonly JsonEncodedText EncodedLocation = ResourceJsonLayout.Encoded("location");
    private static readonly JsonEncodedText EncodedVersion = ResourceJsonLayout.Encoded("version");
    private static readonly JsonEncodedText EncodedValue = ResourceJsonLayout.Encoded("value");
    private static readonly JsonEncodedText EncodedReference = ResourceJsonLayout.Encoded("$ref");
    private static readonly JsonEncodedText EncodedDisplay = ResourceJsonLayout.Encoded("display");
    private static readonly JsonEncodedText EncodedType = ResourceJsonLayout.Encoded("type");

    /// <summary>
    /// The characters <see cref="ScimJson.WriterOptions"/>' encoder writes as they are: printable ASCII but the quote
    /// and the backslash (the relaxed encoder escapes no other printable ASCII character).
    /// </summary>
    private static readonly SearchValues<char> PlainText = SearchValues.Create(
        Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Where(c => c is not '"' and not '\\').ToArray());

    private readonly ResourceTypeDefinition resourceType = layout.ResourceType;

    private readonly string _schemaId = layout.ResourceType.Schema.Id;

    /// <summary>Every location of this writer's resources up to the id: <c>{base}/Users/</c>.</summary>
    private readonly string _locationPrefix = context.LocationOf(layout.ResourceType.Endpoint, "");

    private readonly CompactDocumentMembers _compact = new();

    /// <summary>Resources written so far: membership elements are kept for reuse from the second on (a GET writes one).</summary>
    private int _written;

    private Dictionary<MembershipValue, byte[]>? _elements;

    private ArrayBufferWriter<byte>? _elementBuffer;

    private Utf8JsonWriter? _elementWriter;

    /// <summary>Per resource written: the member holding each core attribute (then schemas, externalId, ext), -1 when none.</summary>
    private readonly int[] _coreMembers = new int[layout.ResourceType.Schema.Attributes.Count + 3];

    private readonly int[] _extensionMembers = new int[layout.ResourceType.Extensions.Count];

    private readonly int[][] _extensionAttributeMembers = layout.ResourceType.Extensions.Select(e => new int[e.Schema.Attributes.Count]).ToArray();

    /// <summary>A writer with a layout of its own (for one-off writes; the service shares one layout per type).</summary>
    public ResourceJsonWriter(ResourceTypeDefinition resourceType, AttributeSelection selection, ScimRequestContext context)
        : this(new ResourceJsonLayout(resourceType), selection, context)
    {
    }

    /// <param name="membership">The membership values of the page the resource is on; null when not loaded (excluded).</param>
    public void Write(Utf8JsonWriter writer, StoredResource resource, MembershipValues? membership)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(resource);

        _written++;
        var json = resource.DocumentUtf8();
        if (selection.IsDefault && _compact.TryScan(json.Span))
        {
            WriteCompact(writer, json.Span, resource, membership);
            return;
        }

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

        // Indexed loops over the schema's lists here and below: a foreach over an IReadOnlyList boxes its enumerator,
        // an allocation per attribute list per resource (a page of 100 made hundreds).
        var attributes = resourceType.Schema.Attributes;
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
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
            var extensionReferences = resourceType.Extensions;
            for (var i = 0; i < extensionReferences.Count; i++)
            {
                var extension = extensionReferences[i];
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

    /// <summary>
    /// <see cref="Write"/> without a selection, for a document <see cref="CompactDocumentMembers"/> located: the same
    /// properties in the same order, each value copied from the stored text.
    /// </summary>
    private void WriteCompact(Utf8JsonWriter writer, ReadOnlySpan<byte> json, StoredResource resource, MembershipValues? membership)
    {
        LocateMembers(json);
        var attributes = resourceType.Schema.Attributes;
        writer.WriteStartObject();
        if (_coreMembers[attributes.Count] is var schemas and >= 0)
        {
            writer.WritePropertyName(EncodedSchemas);
            writer.WriteRawValue(_compact.ValueOf(json, schemas), skipInputValidation: true);
        }
        else
        {
            writer.WriteStartArray(EncodedSchemas);
            writer.WriteStringValue(_schemaId);
            writer.WriteEndArray();
        }

        WriteText(writer, EncodedId, resource.Id);
        CopyMember(writer, json, ResourceJsonLayout.EncodedExternalId, _coreMembers[attributes.Count + 1]);

        var attached = membership?.Of(resource.Id);
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            if (_coreMembers[i] >= 0 && attribute.Returned != Returned.Never && (attached is null || attribute != membership!.Attribute))
            {
                CopyMember(writer, json, layout.CoreNames[i], _coreMembers[i]);
            }
        }

        var extensionReferences = resourceType.Extensions;
        for (var e = 0; e < extensionReferences.Count; e++)
        {
            if (_extensionMembers[e] < 0)
            {
                continue;
            }

            var schema = extensionReferences[e].Schema;
            writer.WriteStartObject(layout.ExtensionNames[e].Id);
            var extensionAttributes = schema.Attributes;
            for (var i = 0; i < extensionAttributes.Count; i++)
            {
                if (extensionAttributes[i].Returned != Returned.Never)
                {
                    CopyMember(writer, json, layout.ExtensionNames[e].Attributes[i], _extensionAttributeMembers[e][i]);
                }
            }

            writer.WriteEndObject();
        }

        if (attached is not null)
        {
            WriteMembership(writer, membership!.Attribute, attached);
        }

        WriteMeta(writer, resource);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Fills the member tables for the document <see cref="_compact"/> scanned: the last member of a name wins, as
    /// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> finds it; extensions only under an object <c>ext</c>,
    /// and their attributes only under an object.
    /// </summary>
    private void LocateMembers(ReadOnlySpan<byte> json)
    {
        Array.Fill(_coreMembers, -1);
        Array.Fill(_extensionMembers, -1);
        foreach (var members in _extensionAttributeMembers)
        {
            Array.Fill(members, -1);
        }

        for (var m = 0; m < _compact.Count; m++)
        {
            if (_compact.ParentOf(m) == -1 && layout.CoreIndex.Find(_compact.NameOf(json, m)) is var index and >= 0)
            {
                _coreMembers[index] = m;
            }
        }

        var extensions = _coreMembers[^1];
        if (extensions < 0 || _compact.ValueOf(json, extensions)[0] != (byte)'{' || _extensionMembers.Length == 0)
        {
            return;
        }

        for (var m = extensions + 1; m < _compact.Count; m++)
        {
            if (_compact.ParentOf(m) == extensions && layout.ExtensionIndex.Find(_compact.NameOf(json, m)) is var e and >= 0)
            {
                _extensionMembers[e] = _compact.ValueOf(json, m)[0] == (byte)'{' ? m : -1;
            }
        }

        for (var m = extensions + 1; m < _compact.Count; m++)
        {
            var parent = _compact.ParentOf(m);
            var e = parent < 0 ? -1 : Array.IndexOf(_extensionMembers, parent);
            if (e >= 0 && layout.ExtensionAttributeIndex[e].Find(_compact.NameOf(json, m)) is var i and >= 0)
            {
                _extensionAttributeMembers[e][i] = m;
            }
        }
    }

    private void CopyMember(Utf8JsonWriter writer, ReadOnlySpan<byte> json, JsonEncodedText name, int member)
    {
        if (member >= 0)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(_compact.ValueOf(json, member), skipInputValidation: true);
        }
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
        var attributes = schema.Attributes;
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
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
        // so does the attribute when every element went. (A static function and a loop, not a lambda over the flags:
        // its closure was an allocation per resource written, whatever the selection.)
        static bool Empty(MembershipValue v, bool keepValue, bool keepReference, bool keepDisplay, bool keepType) =>
            !keepValue && !keepType && (!keepReference || v.ReferencePrefix is null) && (!keepDisplay || v.Display is null);
        if (!whole)
        {
            var kept = false;
            for (var i = 0; i < values.Count && !kept; i++)
            {
                kept = !Empty(values[i], keepValue, keepReference, keepDisplay, keepType);
            }

            if (!kept)
            {
                return;
            }
        }

        var index = IndexOf(resourceType.Schema.Attributes, attribute);
        if (index >= 0)
        {
            writer.WriteStartArray(layout.CoreNames[index]);
        }
        else
        {
            writer.WriteStartArray(attribute.Name);
        }

        // Past the first resource, whole elements are copied as written the first time: on a page of users most
        // share their groups (a department's hundred users, one group of thousands).
        var copy = whole && _written > 1 && !writer.Options.Indented && writer.Options.Encoder == ScimJson.WriterOptions.Encoder;
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (copy)
            {
                writer.WriteRawValue(ElementOf(value), skipInputValidation: true);
            }
            else if (!Empty(value, keepValue, keepReference, keepDisplay, keepType))
            {
                WriteElement(writer, value, keepValue, keepReference, keepDisplay, keepType);
            }
        }

        writer.WriteEndArray();
    }

    private static int IndexOf(IReadOnlyList<AttributeDefinition> attributes, AttributeDefinition attribute)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            if (ReferenceEquals(attributes[i], attribute))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A whole membership element as <see cref="WriteElement"/> writes it, written once per writer.</summary>
    private byte[] ElementOf(MembershipValue value)
    {
        _elements ??= new Dictionary<MembershipValue, byte[]>();
        if (_elements.TryGetValue(value, out var text))
        {
            return text;
        }

        _elementBuffer ??= new ArrayBufferWriter<byte>(256);
        _elementBuffer.ResetWrittenCount();
        if (_elementWriter is null)
        {
            _elementWriter = new Utf8JsonWriter(_elementBuffer, ScimJson.WriterOptions);
        }
        else
        {
            _elementWriter.Reset(_elementBuffer);
        }

        WriteElement(_elementWriter, value, keepValue: true, keepReference: true, keepDisplay: true, keepType: true);
        _elementWriter.Flush();
        text = _elementBuffer.WrittenSpan.ToArray();
        _elements[value] = text;
        return text;
    }

    private static void WriteElement(
        Utf8JsonWriter writer, MembershipValue value, bool keepValue, bool keepReference, bool keepDisplay, bool keepType)
    {
        writer.WriteStartObject();
        if (keepValue)
        {
            WriteText(writer, EncodedValue, value.Value);
        }

        if (keepReference && value.ReferencePrefix is not null)
        {
            WriteLocation(writer, EncodedReference, value.ReferencePrefix, value.Value);
        }

        if (keepDisplay && value.Display is not null)
        {
            WriteText(writer, EncodedDisplay, value.Display);
        }

        if (keepType)
        {
            WriteText(writer, EncodedType, value.Type);
        }

        writer.WriteEndObject();
    }

    /// <remarks>
    /// The values are formatted into stack buffers, not strings: four strings per resource were a third of a page's
    /// writing garbage. The text is the same as <see cref="ResourceRenderer"/>'s (<see cref="ScimDateTime.ToText"/>,
    /// <see cref="ScimRequestContext.LocationOf"/>, <see cref="ResourceRenderer.VersionTag"/>).
    /// </remarks>
    private void WriteMeta(Utf8JsonWriter writer, StoredResource resource)
    {
        writer.WriteStartObject(EncodedMeta);
        if (KeepsMeta(MetaResourceType))
        {
            writer.WriteString(EncodedResourceType, layout.ResourceTypeName);
        }

        // The dates and the version tag are ASCII the encoder leaves as it is (but the tag's quotes), written as such.
        Span<byte> text = stackalloc byte[ScimDateTime.Utf8Length + 2];
        if (KeepsMeta("created"))
        {
            WriteDate(writer, EncodedCreated, resource.Created, text);
        }

        if (KeepsMeta("lastModified"))
        {
            WriteDate(writer, EncodedLastModified, resource.LastModified, text);
        }

        if (KeepsMeta("location"))
        {
            WriteLocation(writer, EncodedLocation, _locationPrefix, resource.Id);
        }

        if (KeepsMeta("version"))
        {
            // W/"{version}" (RFC 7232 §2.3), as ResourceRenderer.VersionTag writes it, its quotes escaped.
            Span<byte> tag = stackalloc byte[32];
            "\"W/\\\""u8.CopyTo(tag);
            resource.Version.TryFormat(tag[5..], out var digits, default, CultureInfo.InvariantCulture);
            "\\\"\""u8.CopyTo(tag[(5 + digits)..]);
            writer.WritePropertyName(EncodedVersion);
            writer.WriteRawValue(tag[..(8 + digits)], skipInputValidation: true);
        }

        writer.WriteEndObject();
    }

    private static void WriteDate(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value, Span<byte> text)
    {
        text[0] = (byte)'"';
        var length = ScimDateTime.FormatUtf8(value, text[1..]);
        text[length + 1] = (byte)'"';
        writer.WritePropertyName(name);
        writer.WriteRawValue(text[..(length + 2)], skipInputValidation: true);
    }

    /// <summary>A resource's URI (<see cref="ScimRequestContext.LocationOf"/>'s text), from its type's prefix and its id.</summary>
    private static void WriteLocation(Utf8JsonWriter writer, JsonEncodedText name, string prefix, string id)
    {
        var escaped = Uri.EscapeDataString(id);
        var length = prefix.Length + escaped.Length;
        if (length > MaxPlainText || prefix.AsSpan().ContainsAnyExcept(PlainText) || escaped.AsSpan().ContainsAnyExcept(PlainText))
        {
            writer.WriteString(name, prefix + escaped);
            return;
        }

        Span<byte> quoted = stackalloc byte[length + 2];
        quoted[0] = (byte)'"';
        Ascii.FromUtf16(prefix, quoted[1..], out _);
        Ascii.FromUtf16(escaped, quoted[(1 + prefix.Length)..], out _);
        quoted[^1] = (byte)'"';
        writer.WritePropertyName(name);
        writer.WriteRawValue(quoted, skipInputValidation: true);
    }

    /// <summary>A string property: copied as ASCII when the encoder would leave it as it is, else written by the writer.</summary>
    private static void WriteText(Utf8JsonWriter writer, JsonEncodedText name, string value)
    {
        if (value.Length > MaxPlainText || value.AsSpan().ContainsAnyExcept(PlainText))
        {
            writer.WriteString(name, value);
            return;
        }

        Span<byte> quoted = stackalloc byte[value.Length + 2];
        quoted[0] = (byte)'"';
        Ascii.FromUtf16(value, quoted[1..], out _);
        quoted[^1] = (byte)'"';
        writer.WritePropertyName(name);
        writer.WriteRawValue(quoted, skipInputValidation: true);
    }

    private bool KeepsMeta(string name) =>
        selection.IsDefault || selection.KeepsSubAttribute(_schemaId, MetaName, name, always: MetaResourceType);
}
