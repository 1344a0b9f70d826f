using Newtonsoft.Json.Linq;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Rules;

public static partial class AccessRules
{
    private const string AttributesKey = "attributes";
    private const string SubAttributesKey = "subAttributes";
    private const string NameKey = "name";
    private const string CanonicalValuesKey = "canonicalValues";

    /// <summary>
    /// A copy of a schema's RFC 7643 §7 representation in which the attributes that hold roles — core
    /// <c>roles.value</c> and the access extension's <c>roles</c>, the two that <see cref="Apply"/> checks against the
    /// catalog — carry the tenant's role names as <c>canonicalValues</c> (RFC 7643 §7: suggested values a client may
    /// use). The catalog differs per tenant and changes at run time, so it is added per request rather than written in
    /// <c>schemas/</c>: clients and validators pick values the server accepts instead of learning the catalog from
    /// refusals. Any other schema comes back unchanged.
    /// </summary>
    public static JObject WithRoleCatalog(JObject schemaRepresentation, TenantRecord tenant)
    {
        ArgumentNullException.ThrowIfNull(schemaRepresentation);
        ArgumentNullException.ThrowIfNull(tenant);
        var copy = (JObject)schemaRepresentation.DeepClone();
        var roleAttribute = (string?)copy["id"] switch
        {
            ScimSchemaUrns.User => SubAttribute(Attribute(copy, RolesKey), ValueKey),
            ScimSchemaUrns.AccessUser => Attribute(copy, RolesKey),
            _ => null,
        };
        if (roleAttribute is not null)
        {
            roleAttribute[CanonicalValuesKey] = new JArray(tenant.Roles.Select(r => r.Name));
        }

        return copy;
    }

    private static JObject? Attribute(JObject schema, string name) => Named(schema[AttributesKey], name);

    private static JObject? SubAttribute(JObject? attribute, string name) => Named(attribute?[SubAttributesKey], name);

    private static JObject? Named(JToken? attributes, string name) =>
        (attributes as JArray ?? []).OfType<JObject>()
            .FirstOrDefault(a => string.Equals((string?)a[NameKey], name, StringComparison.OrdinalIgnoreCase));
}
