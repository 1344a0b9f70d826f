using ScimServer.Core.Filtering;
using ScimServer.Core.Filtering.Expressions;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Patch;

/// <summary>
/// Turns a PATCH path (RFC 7644 §3.5.2: <c>attrPath / valuePath [subAttr]</c>) into a <see cref="PatchTarget"/>.
/// Parser errors pass through (invalidPath / invalidFilter); an unknown attribute in a path is invalidPath, in the
/// value of a path that names a whole schema invalidValue.
/// </summary>
internal sealed class PatchTargetResolver(AttributeResolver resolver, FilterBinder binder)
{
    public ScimResult<PatchTarget> Resolve(ResourceTypeDefinition resourceType, string text)
    {
        var parsed = FilterParser.ParsePatchPath(text);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        var path = parsed.Value;
        if (path.IsWholeExtension)
        {
            var schema = AttributeResolver.FindSchemaOf(resourceType, path.Path.SchemaUrn!);
            return schema is null
                ? ScimError.InvalidPath($"'{path.Path.SchemaUrn}' is not a schema of the {resourceType.Name} resource.")
                : new PatchTarget { Text = text, Schema = schema };
        }

        if (!resolver.TryResolve(resourceType, path.Path, out var resolved, out var error))
        {
            return ScimError.InvalidPath(error);
        }

        var target = new PatchTarget
        {
            Text = text,
            Schema = resolved.Schema,
            Attribute = resolved.Attribute,
            SubAttribute = resolved.SubAttribute,
            IsMembership = resolved.Schema is not null && SchemaRegistry.IsMembershipAttribute(resourceType, resolved.Attribute),
        };

        return path.ValueFilter is null ? target : WithFilter(resourceType, target, path);
    }

    /// <summary>The target of an attribute of a schema named as a whole (<c>{"urn:…:enterprise:2.0:User": {…}}</c>).</summary>
    public ScimResult<PatchTarget> ResolveInSchema(ResourceTypeDefinition resourceType, SchemaDefinition schema, string name)
    {
        var attribute = schema.FindAttribute(name);
        var isCommon = false;
        if (attribute is null && schema == resourceType.Schema)
        {
            attribute = resolver.Registry.FindCommonAttribute(name);
            isCommon = attribute is not null;
        }

        // The path (the schema) is valid; it is the value that names what the schema does not have.
        if (attribute is null)
        {
            return ScimError.InvalidValue($"'{name}' is not an attribute of '{schema.Id}'.");
        }

        return new PatchTarget
        {
            Text = $"{schema.Id}:{attribute.Name}",
            Schema = isCommon ? null : schema,
            Attribute = attribute,
            IsMembership = !isCommon && SchemaRegistry.IsMembershipAttribute(resourceType, attribute),
        };
    }

    private ScimResult<PatchTarget> WithFilter(ResourceTypeDefinition resourceType, PatchTarget target, PatchPath path)
    {
        var attribute = target.Attribute!;
        if (target.SubAttribute is null && attribute is { MultiValued: true, IsComplex: false } && path.SubAttributeName is null)
        {
            return PrimitiveValueUpdate.NamedValues(path.ValueFilter!) is null
                ? ScimError.InvalidFilter($"'{target.Text}': a filter on the plain values of '{attribute.Name}' can only be 'value eq \"…\"' (or several joined by 'or').")
                : target with { FilterExpression = path.ValueFilter, IsPrimitiveValueFilter = true };
        }

        if (target.SubAttribute is not null || !attribute.MultiValued || !attribute.IsComplex)
        {
            return ScimError.InvalidPath(
                $"'{target.Text}': a value filter applies only to a multi-valued complex attribute, and '{path.Path}' is not one.");
        }

        AttributeDefinition? sub = null;
        if (path.SubAttributeName is not null)
        {
            sub = attribute.FindSubAttribute(path.SubAttributeName);
            if (sub is null)
            {
                return ScimError.InvalidPath($"'{attribute.Name}' has no sub-attribute '{path.SubAttributeName}'.");
            }
        }

        target = target with { SubAttribute = sub, FilterExpression = path.ValueFilter };

        // Filters on members select edges, not elements of the document: the members patch reads them.
        if (target.IsMembership)
        {
            return target;
        }

        var bound = binder.Bind(resourceType, new ValuePathExpression(path.Path, path.ValueFilter!));
        if (!bound.IsSuccess)
        {
            return bound.Error;
        }

        return target with { Filter = ((BoundValuePath)bound.Value).Filter };
    }
}
