using NJsonSchema;
using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;
using ScimServer.Core.Schema;

namespace ScimServer.ApiDocs;

/// <summary>
/// Adds the SCIM schemas to a document as JSON Schemas, generated at start-up from the server's
/// <see cref="SchemaRegistry"/> (the files under <c>schemas/</c>): each resource type with its common attributes and
/// extensions, and the RFC 7644 messages that carry them. One source of truth: a changed schema file changes the
/// document with it.
/// </summary>
internal sealed class ScimJsonSchemas(SchemaRegistry registry) : IDocumentProcessor
{
    public const string ListResponse = "ListResponse";
    public const string SearchRequest = "SearchRequest";
    public const string PatchOp = "PatchOp";
    public const string BulkRequest = "BulkRequest";
    public const string BulkResponse = "BulkResponse";
    public const string Error = "Error";
    public const string AnyObject = "Object";
    public const string TokenRequest = "TokenRequest";
    public const string TokenResponse = "TokenResponse";
    public const string OAuthError = "OAuthError";

    public static string ListResponseOf(ResourceTypeDefinition resourceType) => resourceType.Name + ListResponse;

    public void Process(DocumentProcessorContext context) => AddTo(context.Document);

    /// <summary>Adds the schemas once; operation processors call it too, since they run before document processors.</summary>
    public void AddTo(OpenApiDocument document)
    {
        var schemas = document.Components.Schemas;
        if (schemas.ContainsKey(Error))
        {
            return;
        }

        var resources = new List<JsonSchema>();
        foreach (var resourceType in registry.ResourceTypes)
        {
            var resource = Resource(resourceType, schemas);
            schemas[resourceType.Name] = resource;
            schemas[ListResponseOf(resourceType)] = List($"A page of {resourceType.Name} resources (RFC 7644 §3.4.2).", Ref(resource));
            resources.Add(resource);
        }

        var any = new JsonSchema { Description = "A resource of any type." };
        foreach (var resource in resources)
        {
            any.AnyOf.Add(Ref(resource));
        }

        schemas[ListResponse] = List("A page of resources of any type (RFC 7644 §3.4.2, §3.4.3).", any);
        schemas[SearchRequest] = SearchRequestSchema();
        schemas[PatchOp] = PatchOpSchema();
        schemas[BulkRequest] = BulkRequestSchema(any);
        schemas[BulkResponse] = BulkResponseSchema(schemas[Error] = ErrorSchema());
        schemas[AnyObject] = new JsonSchema { Type = JsonObjectType.Object, Description = "A JSON object." };
        AddOAuthSchemas(schemas);
        AdminJsonSchemas.AddTo(schemas, schemas[Core.Resources.ScimResourceTypes.User]);
    }

    private JsonSchema Resource(ResourceTypeDefinition resourceType, IDictionary<string, JsonSchema> schemas)
    {
        var resource = new JsonSchema
        {
            Type = JsonObjectType.Object,
            Title = resourceType.Name,
            Description = $"{resourceType.Schema.Description} ({resourceType.Schema.Id}), served at {resourceType.Endpoint}.",
            AllowAdditionalProperties = false,
        };
        resource.Properties["schemas"] = Property(SchemasArray(resourceType.AllSchemas().Select(s => s.Id)));
        AddAttributes(resource, registry.CommonAttributes);
        AddAttributes(resource, resourceType.Schema.Attributes);
        foreach (var extension in resourceType.Extensions)
        {
            var schema = Complex(extension.Schema.Attributes, $"{extension.Schema.Description} ({extension.Schema.Id}).");
            schemas[extension.Schema.Name] = schema;
            resource.Properties[extension.Schema.Id] = new JsonSchemaProperty { Reference = schema };
            if (extension.Required)
            {
                resource.RequiredProperties.Add(extension.Schema.Id);
            }
        }

        return resource;
    }

    private static JsonSchema Complex(IEnumerable<AttributeDefinition> attributes, string description)
    {
        var schema = new JsonSchema { Type = JsonObjectType.Object, Description = description, AllowAdditionalProperties = false };
        AddAttributes(schema, attributes);
        return schema;
    }

    private static void AddAttributes(JsonSchema schema, IEnumerable<AttributeDefinition> attributes)
    {
        foreach (var attribute in attributes)
        {
            var value = Value(attribute);
            var property = attribute.MultiValued
                ? new JsonSchemaProperty { Type = JsonObjectType.Array, Item = value }
                : Property(value);
            property.Description = attribute.Description;

            // RFC 7643 §7: readOnly attributes are ignored on writes; "returned never" ones (password) never come back.
            property.IsReadOnly = attribute.Mutability == Mutability.ReadOnly;
            property.IsWriteOnly = attribute.Mutability == Mutability.WriteOnly || attribute.Returned == Returned.Never;
            if (attribute.CanonicalValues.Count > 0)
            {
                // Canonical values are suggestions (RFC 7643 §2.3.1 "canonicalValues"), not an enum a client must keep to.
                property.ExtensionData = new Dictionary<string, object?> { ["x-canonicalValues"] = attribute.CanonicalValues.ToArray() };
            }

            schema.Properties[attribute.Name] = property;
            if (attribute.Required)
            {
                schema.RequiredProperties.Add(attribute.Name);
            }
        }
    }

    private static JsonSchema Value(AttributeDefinition attribute) => attribute.Type switch
    {
        AttributeType.Boolean => new JsonSchema { Type = JsonObjectType.Boolean },
        AttributeType.Integer => new JsonSchema { Type = JsonObjectType.Integer },
        AttributeType.Decimal => new JsonSchema { Type = JsonObjectType.Number },
        AttributeType.DateTime => new JsonSchema { Type = JsonObjectType.String, Format = JsonFormatStrings.DateTime },
        AttributeType.Binary => new JsonSchema { Type = JsonObjectType.String, Format = JsonFormatStrings.Byte },

        // A reference may be relative or a URN (RFC 7643 §2.3.7): no "uri" format, which would demand an absolute URI.
        AttributeType.Reference => new JsonSchema { Type = JsonObjectType.String },
        AttributeType.Complex => Complex(attribute.SubAttributes, attribute.Description),
        _ => new JsonSchema { Type = JsonObjectType.String },
    };

    private static JsonSchemaProperty Property(JsonSchema value)
    {
        var property = new JsonSchemaProperty
        {
            Type = value.Type,
            Format = value.Format,
            Description = value.Description,
            AllowAdditionalProperties = value.AllowAdditionalProperties,
            Item = value.Item,
        };
        foreach (var (name, sub) in value.Properties)
        {
            property.Properties[name] = sub;
        }

        foreach (var required in value.RequiredProperties)
        {
            property.RequiredProperties.Add(required);
        }

        foreach (var allowed in value.Enumeration)
        {
            property.Enumeration.Add(allowed);
        }

        return property;
    }

    private static JsonSchemaProperty Ref(JsonSchema target) => new() { Reference = target };

    private static JsonSchema SchemasArray(IEnumerable<string> urns)
    {
        var item = new JsonSchema { Type = JsonObjectType.String };
        foreach (var urn in urns)
        {
            item.Enumeration.Add(urn);
        }

        return new JsonSchema
        {
            Type = JsonObjectType.Array,
            Item = item,
            Description = "The schema URNs the body uses (RFC 7643 §3).",
        };
    }

    private static JsonSchema Message(string urn, string description)
    {
        var message = new JsonSchema { Type = JsonObjectType.Object, Description = $"{description} ({urn})." };
        message.Properties["schemas"] = Property(SchemasArray([urn]));
        message.RequiredProperties.Add("schemas");
        return message;
    }

    private static JsonSchemaProperty Typed(JsonObjectType type, string description) => new() { Type = type, Description = description };

    private static JsonSchemaProperty Strings(string description) =>
        new() { Type = JsonObjectType.Array, Item = new JsonSchema { Type = JsonObjectType.String }, Description = description };

    private static JsonSchema List(string description, JsonSchema item)
    {
        var list = Message(ScimSchemaUrns.ListResponse, description);
        list.Properties["totalResults"] = Typed(JsonObjectType.Integer, "The number of results the query matched.");
        list.Properties["itemsPerPage"] = Typed(JsonObjectType.Integer, "The number of resources on this page.");
        list.Properties["startIndex"] = Typed(JsonObjectType.Integer, "The 1-based index of the first result (index paging).");
        list.Properties["nextCursor"] = Typed(JsonObjectType.String, "The cursor of the next page (RFC 9865); absent on the last page.");
        list.Properties["previousCursor"] = Typed(JsonObjectType.String, "The cursor of the previous page (RFC 9865).");
        list.Properties["Resources"] = new JsonSchemaProperty { Type = JsonObjectType.Array, Item = item, Description = "The resources of this page." };
        list.RequiredProperties.Add("totalResults");
        return list;
    }

    private static JsonSchema SearchRequestSchema()
    {
        var search = Message(ScimSchemaUrns.SearchRequest, "A query sent as a body to .search (RFC 7644 §3.4.3)");
        search.Properties["filter"] = Typed(JsonObjectType.String, "A SCIM filter (RFC 7644 §3.4.2.2), e.g. userName eq \"alice@example.com\".");
        search.Properties["sortBy"] = Typed(JsonObjectType.String, "The attribute to sort by.");
        var sortOrder = Typed(JsonObjectType.String, "ascending (the default) or descending.");
        sortOrder.Enumeration.Add("ascending");
        sortOrder.Enumeration.Add("descending");
        search.Properties["sortOrder"] = sortOrder;
        search.Properties["startIndex"] = Typed(JsonObjectType.Integer, "1-based index of the first result (index paging).");
        search.Properties["count"] = Typed(JsonObjectType.Integer, "The page size.");
        search.Properties["cursor"] = Typed(JsonObjectType.String, "Cursor paging (RFC 9865): empty for the first page, then nextCursor.");
        search.Properties["attributes"] = Strings("Return only these attributes (and those returned always).");
        search.Properties["excludedAttributes"] = Strings("Return the default attributes but these.");
        return search;
    }

    private static JsonSchema PatchOpSchema()
    {
        var operation = new JsonSchema { Type = JsonObjectType.Object, Description = "One PATCH operation (RFC 7644 §3.5.2)." };

        // Microsoft Entra ID sends "Add", "Replace" and "Remove": the server reads op without regard to case, so no enum.
        operation.Properties["op"] = Typed(JsonObjectType.String, "add, remove or replace, in any case.");
        operation.Properties["path"] = Typed(JsonObjectType.String, "An attribute path, possibly with a value filter, e.g. members[value eq \"…\"]; absent for a path-less add or replace.");
        operation.Properties["value"] = new JsonSchemaProperty { Description = "The value to add or replace: any JSON value." };
        operation.RequiredProperties.Add("op");

        var patch = Message(ScimSchemaUrns.PatchOp, "A partial update (RFC 7644 §3.5.2)");
        patch.Properties["Operations"] = new JsonSchemaProperty { Type = JsonObjectType.Array, Item = operation, MinItems = 1, Description = "Applied in order, all or nothing." };
        patch.RequiredProperties.Add("Operations");
        return patch;
    }

    private static JsonSchema BulkRequestSchema(JsonSchema anyResource)
    {
        var operation = new JsonSchema { Type = JsonObjectType.Object, Description = "One operation of a Bulk request (RFC 7644 §3.7)." };
        var method = Typed(JsonObjectType.String, "The HTTP method of the operation.");
        foreach (var allowed in new[] { "POST", "PUT", "PATCH", "DELETE" })
        {
            method.Enumeration.Add(allowed);
        }

        operation.Properties["method"] = method;
        operation.Properties["bulkId"] = Typed(JsonObjectType.String, "A client-chosen id, required for POST; other operations may refer to it as bulkId:<id>.");
        operation.Properties["version"] = Typed(JsonObjectType.String, "The ETag the resource must have (as If-Match).");
        operation.Properties["path"] = Typed(JsonObjectType.String, "The resource path relative to the SCIM base, e.g. /Users or /Groups/{id}.");
        operation.Properties["data"] = new JsonSchemaProperty { Description = "The body: a resource (POST, PUT) or a PatchOp (PATCH)." };
        operation.RequiredProperties.Add("method");
        operation.RequiredProperties.Add("path");

        var bulk = Message(ScimSchemaUrns.BulkRequest, "Several operations in one request (RFC 7644 §3.7)");
        bulk.Properties["failOnErrors"] = Typed(JsonObjectType.Integer, "Stop after this many failed operations.");
        bulk.Properties["Operations"] = new JsonSchemaProperty { Type = JsonObjectType.Array, Item = operation, Description = "Processed in order, bulkId references resolved." };
        bulk.RequiredProperties.Add("Operations");
        return bulk;
    }

    private static JsonSchema BulkResponseSchema(JsonSchema error)
    {
        var result = new JsonSchema { Type = JsonObjectType.Object, Description = "The result of one Bulk operation (RFC 7644 §3.7)." };
        result.Properties["method"] = Typed(JsonObjectType.String, "The operation's method.");
        result.Properties["bulkId"] = Typed(JsonObjectType.String, "The operation's bulkId.");
        result.Properties["version"] = Typed(JsonObjectType.String, "The resource's new ETag.");
        result.Properties["location"] = Typed(JsonObjectType.String, "The resource's URI.");
        result.Properties["status"] = Typed(JsonObjectType.String, "The HTTP status of the operation, as a string.");
        result.Properties["response"] = new JsonSchemaProperty { Reference = error, Description = "The SCIM error, if the operation failed." };
        result.RequiredProperties.Add("status");

        var bulk = Message(ScimSchemaUrns.BulkResponse, "The results of a Bulk request (RFC 7644 §3.7)");
        bulk.Properties["Operations"] = new JsonSchemaProperty { Type = JsonObjectType.Array, Item = result, Description = "One result per operation processed." };
        bulk.RequiredProperties.Add("Operations");
        return bulk;
    }

    private static JsonSchema ErrorSchema()
    {
        var error = Message(ScimSchemaUrns.Error, "A SCIM error (RFC 7644 §3.12)");
        error.Properties["status"] = Typed(JsonObjectType.String, "The HTTP status code, as a string.");
        error.Properties["scimType"] = Typed(JsonObjectType.String, "The SCIM error type (RFC 7644 Table 9), e.g. invalidFilter, uniqueness, invalidValue.");
        error.Properties["detail"] = Typed(JsonObjectType.String, "What went wrong, for a person.");
        error.RequiredProperties.Add("status");
        return error;
    }

    // RFC 6749 §4.4.2, §5.1, §5.2.
    private static void AddOAuthSchemas(IDictionary<string, JsonSchema> schemas)
    {
        var request = new JsonSchema { Type = JsonObjectType.Object, Description = "The client credentials grant (RFC 6749 §4.4.2)." };
        var grant = Typed(JsonObjectType.String, "Always client_credentials.");
        grant.Enumeration.Add("client_credentials");
        request.Properties["grant_type"] = grant;
        request.Properties["client_id"] = Typed(JsonObjectType.String, "The clientId from POST /admin/tenants/{id}/clients (or send HTTP Basic).");
        request.Properties["client_secret"] = Typed(JsonObjectType.String, "The clientSecret shown when the client was made.");
        request.RequiredProperties.Add("grant_type");
        schemas[TokenRequest] = request;

        var response = new JsonSchema { Type = JsonObjectType.Object, Description = "An access token (RFC 6749 §5.1)." };
        response.Properties["access_token"] = Typed(JsonObjectType.String, "A signed JWT; send it as Authorization: Bearer <access_token>.");
        response.Properties["token_type"] = Typed(JsonObjectType.String, "Bearer.");
        response.Properties["expires_in"] = Typed(JsonObjectType.Integer, "Seconds until it expires.");
        schemas[TokenResponse] = response;

        var error = new JsonSchema { Type = JsonObjectType.Object, Description = "An OAuth error (RFC 6749 §5.2)." };
        error.Properties["error"] = Typed(JsonObjectType.String, "invalid_request, invalid_client or unsupported_grant_type.");
        error.Properties["error_description"] = Typed(JsonObjectType.String, "What went wrong, for a person.");
        schemas[OAuthError] = error;
    }
}
