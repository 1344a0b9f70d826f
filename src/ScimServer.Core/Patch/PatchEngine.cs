using Newtonsoft.Json.Linq;
using ScimServer.Core.Filtering;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Patch;

/// <summary>
/// Applies a PATCH request (RFC 7644 §3.5.2) to a resource's SCIM representation. The operations run in order on one
/// copy; the first failure fails the request and the caller writes nothing. The engine checks paths, mutability and
/// the multi-valued rules; the caller validates the patched document as a whole (types, required attributes).
/// </summary>
public sealed class PatchEngine(AttributeResolver resolver)
{
    private readonly PatchTargetResolver _targets = new(resolver, new FilterBinder(resolver));

    /// <param name="document">
    /// The resource as served: <c>schemas</c>, <c>id</c>, <c>externalId</c>, the core attributes, each extension as an
    /// object under its URN, <c>meta</c> — for a group without <c>members</c>. It is not modified.
    /// </param>
    public ScimResult<PatchResult> Apply(ResourceTypeDefinition resourceType, JObject document, IReadOnlyList<PatchOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(resourceType);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(operations);

        var patched = new ResourceDocument(resourceType, (JObject)document.DeepClone());
        var members = new MembersPatch();
        for (var index = 0; index < operations.Count; index++)
        {
            var error = Apply(resourceType, patched, members, operations[index]);
            if (error is not null)
            {
                return error with { Detail = $"Operations[{index}]: {error.Detail}" };
            }
        }

        return new PatchResult(patched.Complete(), members.Build());
    }

    private ScimError? Apply(ResourceTypeDefinition resourceType, ResourceDocument document, MembersPatch members, PatchOperation operation)
    {
        if (operation.Path is null)
        {
            return ApplyWithoutPath(resourceType, document, members, operation);
        }

        var target = _targets.Resolve(resourceType, operation.Path);
        return target.IsSuccess
            ? ApplyTo(resourceType, document, members, operation.Op, target.Value, operation.Value)
            : target.Error;
    }

    /// <summary>
    /// RFC 7644 §3.5.2.1 / §3.5.2.3 without a path: the value is an object whose keys name the targets. Entra ID writes
    /// them as paths (<c>"name.givenName"</c>, <c>"emails[type eq \"work\"].value"</c>, URN-qualified names); Okta
    /// echoes <c>id</c> beside the attributes it changes.
    /// </summary>
    private ScimError? ApplyWithoutPath(ResourceTypeDefinition resourceType, ResourceDocument document, MembersPatch members, PatchOperation operation)
    {
        if (operation.Op == PatchOperationType.Remove)
        {
            return ScimError.BadRequest(ScimType.NoTarget, "A 'remove' operation needs a 'path' (RFC 7644 §3.5.2.2).");
        }

        if (operation.Value is not JObject value)
        {
            return ScimError.InvalidValue($"'{Name(operation.Op)}' without a 'path' needs an object of attributes as its 'value'.");
        }

        foreach (var property in value.Properties())
        {
            if (IsIgnoredInValue(property.Name))
            {
                continue;
            }

            var target = _targets.Resolve(resourceType, property.Name);
            if (!target.IsSuccess)
            {
                return target.Error;
            }

            var error = ApplyTo(resourceType, document, members, operation.Op, target.Value, property.Value);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>schemas</c> and the read-only common attributes (<c>id</c>, <c>meta</c>) in a value whose keys name
    /// attributes (no path, or a path naming a whole schema) are ignored, as RFC 7643 §3.1 has servers ignore them in
    /// a body: Okta sends <c>{"id": "…", "displayName": "…"}</c>.
    /// </summary>
    private bool IsIgnoredInValue(string key) =>
        string.Equals(key, resolver.Registry.SchemasAttribute.Name, StringComparison.OrdinalIgnoreCase)
        || resolver.Registry.FindCommonAttribute(key) is { Mutability: Mutability.ReadOnly };

    private ScimError? ApplyTo(
        ResourceTypeDefinition resourceType,
        ResourceDocument document,
        MembersPatch members,
        PatchOperationType op,
        PatchTarget target,
        JToken? value)
    {
        if (target.Attribute is null)
        {
            return ApplyToSchema(resourceType, document, members, op, target, value);
        }

        if (PatchMutability.CheckReadOnly(target) is { } readOnly)
        {
            return readOnly;
        }

        if (target.IsMembership)
        {
            return members.Apply(op, target, value);
        }

        if (PatchMutability.CheckImmutable(op, target, document.Get(target), value) is { } immutable)
        {
            return immutable;
        }

        if (target.IsPrimitiveValueFilter)
        {
            return PrimitiveValueUpdate.Apply(document, target, op, value);
        }

        return op switch
        {
            PatchOperationType.Add => AddOperation.Apply(document, target, value),
            PatchOperationType.Replace => ReplaceOperation.Apply(document, target, value),
            _ => RemoveOperation.Apply(document, target, value),
        };
    }

    /// <summary>
    /// A path naming a whole schema: <c>urn:…:enterprise:2.0:User</c>. Add and replace apply each attribute of the
    /// value; remove (or an empty value) takes the whole extension away.
    /// </summary>
    private ScimError? ApplyToSchema(
        ResourceTypeDefinition resourceType,
        ResourceDocument document,
        MembersPatch members,
        PatchOperationType op,
        PatchTarget target,
        JToken? value)
    {
        var schema = target.Schema!;
        if (op == PatchOperationType.Add && PatchValue.IsEmpty(value))
        {
            // Adding no attributes changes nothing; it must not take the extension away.
            return null;
        }

        if (op == PatchOperationType.Remove || PatchValue.IsEmpty(value))
        {
            if (schema.StorageAlias is null)
            {
                return ScimError.InvalidPath($"'{schema.Id}' is the resource's core schema: name one of its attributes.");
            }

            document.RemoveExtension(schema);
            return null;
        }

        if (value is not JObject attributes)
        {
            return ScimError.InvalidValue($"'{schema.Id}' takes an object of that schema's attributes as its value.");
        }

        foreach (var property in attributes.Properties())
        {
            // Clients send an extension's value as they would in a resource body, with its "schemas" beside it.
            if (IsIgnoredInValue(property.Name))
            {
                continue;
            }

            var attributeTarget = _targets.ResolveInSchema(resourceType, schema, property.Name);
            if (!attributeTarget.IsSuccess)
            {
                return attributeTarget.Error;
            }

            var error = ApplyTo(resourceType, document, members, op, attributeTarget.Value, property.Value);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string Name(PatchOperationType op) => op.ToString().ToLowerInvariant();
}
