using System.Globalization;
using ScimServer.Core.Filtering.Expressions;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Filtering;

/// <summary>
/// Binds a parsed filter to a resource type's schema: resolves every path, types every value, and rejects what the
/// RFC forbids (RFC 7644 §3.4.2.2: <c>gt</c> on a boolean, <c>co</c> on a number, an unknown attribute) with
/// <c>invalidFilter</c>. Stores receive only bound trees.
/// </summary>
public sealed class FilterBinder(AttributeResolver resolver)
{
    private const string ImpliedSubAttribute = "value";
    private const string MemberValue = "value";
    private const string MemberType = "type";

    public ScimResult<BoundFilter> Bind(ResourceTypeDefinition resourceType, FilterExpression filter) =>
        Bind(resourceType, filter, element: null);

    public ScimResult<SortSpec> BindSort(ResourceTypeDefinition resourceType, AttributePath path, bool descending)
    {
        var attribute = BindAttribute(resourceType, path, element: null, allowComplex: false);
        if (!attribute.IsSuccess)
        {
            return ScimError.BadRequest(ScimType.InvalidValue, $"sortBy: {attribute.Error.Detail}");
        }

        if (attribute.Value.IsMembership)
        {
            return ScimError.BadRequest(ScimType.InvalidValue, $"sortBy: '{path}' cannot be sorted on.");
        }

        return new SortSpec(attribute.Value, descending);
    }

    private ScimResult<BoundFilter> Bind(ResourceTypeDefinition resourceType, FilterExpression filter, AttributeDefinition? element)
    {
        switch (filter)
        {
            case AndExpression and:
                return BindBoth(resourceType, and.Left, and.Right, element, (l, r) => new BoundAnd(l, r));
            case OrExpression or:
                return BindBoth(resourceType, or.Left, or.Right, element, (l, r) => new BoundOr(l, r));
            case NotExpression not:
                var inner = Bind(resourceType, not.Inner, element);
                return inner.IsSuccess ? new BoundNot(inner.Value) : inner.Error;
            case PresentExpression present:
                var presentAttribute = BindAttribute(resourceType, present.Path, element, allowComplex: true);
                if (presentAttribute.IsSuccess && presentAttribute.Value is { IsMembership: true, SubAttribute: { Name: not MemberValue } })
                {
                    return ScimError.InvalidFilter($"'{present.Path}': membership can be tested with '{presentAttribute.Value.Attribute.Name} pr' only.");
                }

                return presentAttribute.IsSuccess ? new BoundPresent(presentAttribute.Value) : presentAttribute.Error;
            case ComparisonExpression comparison:
                return BindComparison(resourceType, comparison, element);
            case ValuePathExpression valuePath:
                return BindValuePath(resourceType, valuePath, element);
            default:
                throw new ArgumentOutOfRangeException(nameof(filter), filter.GetType().Name, "Unknown filter node.");
        }
    }

    private ScimResult<BoundFilter> BindBoth(
        ResourceTypeDefinition resourceType,
        FilterExpression left,
        FilterExpression right,
        AttributeDefinition? element,
        Func<BoundFilter, BoundFilter, BoundFilter> combine)
    {
        var boundLeft = Bind(resourceType, left, element);
        if (!boundLeft.IsSuccess)
        {
            return boundLeft;
        }

        var boundRight = Bind(resourceType, right, element);
        return boundRight.IsSuccess ? combine(boundLeft.Value, boundRight.Value) : boundRight;
    }

    private ScimResult<BoundFilter> BindValuePath(ResourceTypeDefinition resourceType, ValuePathExpression valuePath, AttributeDefinition? element)
    {
        if (element is not null)
        {
            return ScimError.InvalidFilter("A value filter cannot be nested inside another value filter.");
        }

        if (valuePath.Path.SubAttributeName is not null)
        {
            return ScimError.InvalidFilter($"'{valuePath.Path}[...]': a value filter applies to a multi-valued attribute, not to a sub-attribute.");
        }

        if (!resolver.TryResolve(resourceType, valuePath.Path, out var resolved, out var error))
        {
            return ScimError.InvalidFilter(error);
        }

        if (!resolved.Attribute.MultiValued || !resolved.Attribute.IsComplex)
        {
            return ScimError.InvalidFilter($"'{resolved.Attribute.Name}' is not a multi-valued complex attribute; a value filter needs one.");
        }

        var isMembership = resolved.Schema is not null && SchemaRegistry.IsMembershipAttribute(resourceType, resolved.Attribute);
        if (isMembership && resourceType.Schema.Id != ScimSchemaUrns.Group)
        {
            return ScimError.InvalidFilter($"'{resolved.Attribute.Name}[...]' is not supported: filter with '{resolved.Attribute.Name}.value eq'.");
        }

        var inner = Bind(resourceType, valuePath.Filter, resolved.Attribute);
        if (!inner.IsSuccess)
        {
            return inner;
        }

        if (isMembership && !OnlyComparesMemberIdentity(inner.Value))
        {
            return ScimError.InvalidFilter($"'{resolved.Attribute.Name}[...]' can compare 'value' and 'type' with 'eq' or 'ne' only.");
        }

        var attribute = new BoundAttribute
        {
            Attribute = resolved.Attribute,
            StoragePath = resolved.StoragePath,
            IsMembership = isMembership,
        };
        return new BoundValuePath(attribute, inner.Value);
    }

    private static bool OnlyComparesMemberIdentity(BoundFilter filter) => filter switch
    {
        BoundAnd and => OnlyComparesMemberIdentity(and.Left) && OnlyComparesMemberIdentity(and.Right),
        BoundOr or => OnlyComparesMemberIdentity(or.Left) && OnlyComparesMemberIdentity(or.Right),
        BoundNot not => OnlyComparesMemberIdentity(not.Inner),
        BoundComparison comparison => comparison.Operator is ComparisonOperator.Eq or ComparisonOperator.Ne
            && comparison.Attribute.Leaf.Name is MemberValue or MemberType,
        _ => false,
    };

    private ScimResult<BoundFilter> BindComparison(ResourceTypeDefinition resourceType, ComparisonExpression comparison, AttributeDefinition? element)
    {
        var bound = BindAttribute(resourceType, comparison.Path, element, allowComplex: false);
        if (!bound.IsSuccess)
        {
            return bound.Error;
        }

        var attribute = bound.Value;
        var op = comparison.Operator;
        var literal = comparison.Value;

        // Membership lives in edges, not documents: the stores answer "is (not) a member of" and nothing else.
        if (attribute.IsMembership && (op is not (ComparisonOperator.Eq or ComparisonOperator.Ne) || attribute.Leaf.Name != MemberValue))
        {
            return ScimError.InvalidFilter($"'{comparison.Path}': membership can be filtered with '{attribute.Attribute.Name}.value eq' or 'ne' only.");
        }

        // "attr eq null" is how some clients ask for an unassigned attribute (RFC 7643 §2.5: null is unassigned).
        if (literal.Kind == LiteralKind.Null)
        {
            return op switch
            {
                ComparisonOperator.Eq => new BoundNot(new BoundPresent(attribute)),
                ComparisonOperator.Ne => new BoundPresent(attribute),
                _ => ScimError.InvalidFilter($"'{comparison.Path}': null can only be compared with 'eq' or 'ne'."),
            };
        }

        var value = BindLiteral(attribute.Leaf, op, literal, comparison.Path);
        return value.IsSuccess ? new BoundComparison(attribute, op, value.Value) : value.Error;
    }

    private ScimResult<BoundAttribute> BindAttribute(
        ResourceTypeDefinition resourceType,
        AttributePath path,
        AttributeDefinition? element,
        bool allowComplex)
    {
        BoundAttribute attribute;
        if (element is not null)
        {
            // Inside emails[...]: names are sub-attributes of one element.
            var sub = path.SchemaUrn is null && path.SubAttributeName is null ? element.FindSubAttribute(path.AttributeName) : null;
            if (sub is null)
            {
                return ScimError.InvalidFilter($"'{path}' is not a sub-attribute of '{element.Name}'.");
            }

            attribute = new BoundAttribute { Attribute = sub, StoragePath = [sub.Name], IsElementRelative = true };
        }
        else
        {
            if (!resolver.TryResolve(resourceType, path, out var resolved, out var error))
            {
                return ScimError.InvalidFilter(error);
            }

            if (path.SchemaUrn is not null && path.AttributeName.Length == 0)
            {
                return ScimError.InvalidFilter($"'{path.SchemaUrn}' names a schema, not an attribute.");
            }

            attribute = new BoundAttribute
            {
                Attribute = resolved.Attribute,
                SubAttribute = resolved.SubAttribute,
                StoragePath = resolved.StoragePath,
                IsMembership = resolved.Schema is not null && SchemaRegistry.IsMembershipAttribute(resourceType, resolved.Attribute),
                IsUserActive = resolved.SubAttribute is null && SchemaRegistry.IsUserActiveAttribute(resourceType, resolved.Schema, resolved.Attribute),
            };
        }

        if (attribute.Leaf.IsComplex && !allowComplex)
        {
            // RFC 7644 §3.4.2.2: a complex multi-valued attribute without a sub-attribute compares its "value".
            var implied = attribute.SubAttribute is null && attribute.Attribute.MultiValued
                ? attribute.Attribute.FindSubAttribute(ImpliedSubAttribute)
                : null;
            if (implied is null)
            {
                return ScimError.InvalidFilter($"'{path}' is complex: compare one of its sub-attributes.");
            }

            attribute = attribute with { SubAttribute = implied };
        }

        var searchKey = element is not null
            ? resourceType.FindSearchKey(element, attribute.Attribute)
            : resourceType.FindSearchKey(attribute.Attribute, attribute.SubAttribute);
        return attribute with { SearchKey = searchKey };
    }

    private static ScimResult<BoundLiteral> BindLiteral(AttributeDefinition leaf, ComparisonOperator op, FilterLiteral literal, AttributePath path)
    {
        var isSubstring = op is ComparisonOperator.Co or ComparisonOperator.Sw or ComparisonOperator.Ew;
        var isOrdering = op is ComparisonOperator.Gt or ComparisonOperator.Ge or ComparisonOperator.Lt or ComparisonOperator.Le;
        var opName = op.ToString().ToLowerInvariant();

        switch (leaf.Type)
        {
            case AttributeType.Boolean:
                if (isSubstring || isOrdering)
                {
                    return ScimError.InvalidFilter($"'{path}' is a boolean: '{opName}' does not apply to it.");
                }

                // Identity providers send booleans as strings ("True"); the filter grammar's true/false, too.
                if (literal.Kind is LiteralKind.Boolean or LiteralKind.String && bool.TryParse(literal.Text, out var flag))
                {
                    return new BoundLiteral(leaf.Type, flag);
                }

                return ScimError.InvalidFilter($"'{path}' is a boolean: compare it with true or false.");

            case AttributeType.Integer:
            case AttributeType.Decimal:
                if (isSubstring)
                {
                    return ScimError.InvalidFilter($"'{path}' is a number: '{opName}' does not apply to it.");
                }

                if (literal.Kind is LiteralKind.Number or LiteralKind.String
                    && decimal.TryParse(literal.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return new BoundLiteral(leaf.Type, number);
                }

                return ScimError.InvalidFilter($"'{path}' is a number: '{literal.Text}' is not one.");

            case AttributeType.DateTime:
                if (isSubstring)
                {
                    return ScimError.InvalidFilter($"'{path}' is a dateTime: '{opName}' does not apply to it.");
                }

                if (literal.Kind == LiteralKind.String && ScimDateTime.TryNormalize(literal.Text, out var normalized))
                {
                    return new BoundLiteral(leaf.Type, normalized);
                }

                return ScimError.InvalidFilter($"'{path}' is a dateTime: '{literal.Text}' is not an xsd:dateTime such as \"2011-05-13T04:42:34Z\".");

            case AttributeType.Binary when isOrdering:
                return ScimError.InvalidFilter($"'{path}' is binary: '{opName}' does not apply to it.");

            default:
                if (literal.Kind != LiteralKind.String)
                {
                    return ScimError.InvalidFilter($"'{path}' is a string: compare it with a quoted value.");
                }

                return new BoundLiteral(leaf.Type, literal.Text);
        }
    }
}
