using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using ScimServer.Core.Filtering;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;
using ScimServer.Storage.MongoDb.Documents;
using static ScimServer.Storage.MongoDb.Documents.StoredNames;

namespace ScimServer.Storage.MongoDb;

/// <summary>
/// Turns a bound filter, a sort key and a keyset position into MongoDB query documents over the stored resource
/// (<see cref="ResourceDocuments"/>). Pure: it builds BSON and never touches a server, and it compiles no LINQ.
/// Every value is a BSON value; every field name comes from a bound attribute's storage path (from the schema) and
/// passes <see cref="FieldPath"/>. The semantics are the SQLite store's (<c>SqliteFilterTranslator</c>):
/// <list type="bullet">
/// <item><c>ne</c> and <c>not</c> are <c>$nor</c> of the positive query, so they match resources without the
/// attribute (SCIM's two-valued logic, not MongoDB's per-field <c>$ne</c>/<c>$not</c>).</item>
/// <item>A multi-valued attribute matches when some element does (<c>$elemMatch</c>); a value path is one
/// <c>$elemMatch</c> over element-relative paths.</item>
/// <item>Strings of a <c>caseExact: false</c> attribute (<see cref="ScimText.FoldsCase"/>) compare and sort as text
/// folded by <see cref="ScimText.Fold"/> in C#, never in the server: the unique user name through its folded key, the
/// declared search keys through their folded keys (<c>keys</c>, indexed), and every other such string through the
/// document's folded copy (<c>fold</c>, see <see cref="FoldedCopy"/>), with the literal folded the same way and
/// compared exactly (<c>$eq</c>, <c>$gt</c>.., regular expressions without the <c>i</c> option). Folded text then
/// orders by its UTF-8 bytes, as SQLite's BINARY collation orders <c>scim_fold(...)</c>. Not <c>$toLower</c> (ASCII
/// only: <c>É</c> stays <c>É</c>), nor the <c>i</c> option (PCRE's own case rules), nor an ICU collation: at strength 2
/// it equates <c>ß</c> and <c>ss</c> and orders <c>é</c> beside <c>e</c>, where folded binary text puts it after
/// <c>z</c>; only a copy folded by the Core rule gives the answer and the order SQLite gives.</item>
/// <item>Dates are fixed-width <see cref="ScimDateTime"/> text in both the store and the literals: they compare as
/// strings.</item>
/// </list>
/// Membership attributes (a group's <c>members</c>, a user's <c>groups</c>) are not in the document: the store looks
/// each such node up in the <c>members</c> edges within the pipeline (<see cref="MembershipFilter"/>), and the
/// translator tests the field the lookup filled.
/// </summary>
internal sealed class MongoFilterTranslator
{
    /// <summary>The field a computed sort key is added as (<c>$addFields</c>) before <c>$sort</c>.</summary>
    public const string SortKeyField = "_sortKey";

    private static readonly BsonDocument MatchAll = [];
    private static readonly BsonDocument MatchNone = new("$expr", false);

    private readonly string resourceType;
    private readonly IReadOnlyDictionary<BoundFilter, string> membership;

    /// <param name="resourceType">The queried type: the value of <c>meta.resourceType</c> for every resource.</param>
    /// <param name="membership">
    /// For each membership node of the filter (a <c>ne</c> under its <c>eq</c> form, see
    /// <see cref="MembershipNodes"/>), the field its <c>$lookup</c> leaves a satisfying edge in.
    /// </param>
    public MongoFilterTranslator(string resourceType, IReadOnlyDictionary<BoundFilter, string>? membership = null)
    {
        this.resourceType = resourceType;
        this.membership = membership ?? new Dictionary<BoundFilter, string>();
    }

    /// <summary>The resources of one tenant that match <paramref name="filter"/> (all of them when it is null).</summary>
    public BsonDocument Query(string tenant, BoundFilter? filter)
    {
        var scope = new BsonDocument(Tenant, tenant);
        return filter is null ? scope : new BsonDocument("$and", new BsonArray { scope, Translate(filter) });
    }

    /// <summary>A query document for <paramref name="filter"/>.</summary>
    public BsonDocument Translate(BoundFilter filter) => Translate(filter, Scope.Root);

    /// <summary>The same query as a driver filter definition.</summary>
    public FilterDefinition<BsonDocument> ToFilterDefinition(BoundFilter filter) => new BsonDocumentFilterDefinition<BsonDocument>(Translate(filter));

    /// <summary>
    /// The nodes of <paramref name="filter"/> that name a membership attribute, as the store must resolve them: a
    /// <c>ne</c> comparison under its <c>eq</c> form (the translator negates its lookup).
    /// </summary>
    public static IReadOnlyList<BoundFilter> MembershipNodes(BoundFilter? filter)
    {
        var nodes = new List<BoundFilter>();
        Collect(filter);
        return nodes;

        void Collect(BoundFilter? node)
        {
            switch (node)
            {
                case BoundAnd and:
                    Collect(and.Left);
                    Collect(and.Right);
                    break;
                case BoundOr or:
                    Collect(or.Left);
                    Collect(or.Right);
                    break;
                case BoundNot not:
                    Collect(not.Inner);
                    break;
                case BoundComparison { Attribute.IsMembership: true } comparison:
                    nodes.Add(comparison.Operator == ComparisonOperator.Ne ? comparison with { Operator = ComparisonOperator.Eq } : comparison);
                    break;
                case BoundPresent { Attribute.IsMembership: true }:
                case BoundValuePath { Attribute.IsMembership: true }:
                    nodes.Add(node);
                    break;
            }
        }
    }

    /// <summary>
    /// A filter over the <c>members</c> edges for a membership node of a group's <c>members</c>: an edge is one
    /// element, <c>value</c> is its <c>memberId</c> and <c>type</c> its <c>memberType</c>. The member's id compares
    /// exactly, as every id does (RFC 7643 §3.1), so that the index <c>{tenant, memberId}</c> serves it.
    /// </summary>
    public static BsonDocument EdgeFilter(BoundFilter node) => node switch
    {
        BoundAnd and => new BsonDocument("$and", new BsonArray { EdgeFilter(and.Left), EdgeFilter(and.Right) }),
        BoundOr or => new BsonDocument("$or", new BsonArray { EdgeFilter(or.Left), EdgeFilter(or.Right) }),
        BoundNot not => Nor(EdgeFilter(not.Inner)),
        BoundValuePath valuePath => EdgeFilter(valuePath.Filter),
        BoundPresent present => EdgePresent(present.Attribute),
        BoundComparison { Operator: ComparisonOperator.Ne } comparison =>
            Nor(EdgeFilter(comparison with { Operator = ComparisonOperator.Eq })),
        BoundComparison comparison => EdgeComparison(comparison),
        _ => throw new ArgumentException($"Unknown filter node {node.GetType().Name}.", nameof(node)),
    };

    /// <summary>What a query sorts by: a stored field, or an expression added as <see cref="SortKeyField"/>.</summary>
    public SortKey SortKeyOf(SortSpec? sort)
    {
        if (sort is null)
        {
            return new SortKey(Id, null);
        }

        var attribute = sort.Attribute;
        if (attribute.IsMembership)
        {
            throw new NotSupportedException($"Sorting by the membership attribute '{attribute}' is not supported.");
        }

        switch (attribute.LeafPath)
        {
            case ["id"]:
                return new SortKey(Id, null);
            case ["externalId"]:
                return new SortKey(ExternalId, null);
            case ["meta", "created"]:
                return new SortKey(MetaCreated, null);
            case ["meta", "lastModified"]:
                return new SortKey(MetaLastModified, null);
            case ["meta", "version"]:
                return new SortKey(SortKeyField, VersionText(VersionPrefix));
            case ["meta", "resourceType"]:
                return new SortKey(SortKeyField, new BsonDocument("$literal", resourceType));
            case ["meta", "location"]:
                return new SortKey(SortKeyField, new BsonDocument("$literal", BsonNull.Value));
            case var _ when attribute.IsFoldedUniqueKey:
                return new SortKey(UserNameKey, null);
        }

        if (attribute.IsMultiValued)
        {
            // The primary element, else the first, of the folded copy's array when the value folds (its elements are
            // whole and in the document's order), as SQLite sorts by scim_fold of the same element's value.
            var leaf = attribute.ElementLeaf;
            var array = ArrayOrEmpty(FieldExpression(Folds(leaf) ? FoldedPath(attribute.StoragePath) : DocumentPath(attribute.StoragePath)));
            BsonValue element = new BsonDocument("$first", array);
            if (attribute.Attribute.IsComplex && attribute.Attribute.FindSubAttribute("primary") is { } primary)
            {
                var primaries = new BsonDocument("$filter", new BsonDocument
                {
                    { "input", array },
                    { "as", "x" },
                    { "cond", new BsonDocument("$eq", new BsonArray { SubField("$$x", primary.Name), true }) },
                });
                element = new BsonDocument("$ifNull", new BsonArray { new BsonDocument("$first", primaries), element });
            }

            var value = attribute.Attribute.IsComplex ? SubField("$$e", leaf.Name) : "$$e";
            return new SortKey(SortKeyField, new BsonDocument("$let", new BsonDocument
            {
                { "vars", new BsonDocument("e", element) },
                { "in", OrNull(value) },
            }));
        }

        if (attribute.Leaf.IsComplex)
        {
            throw new ArgumentException($"Cannot sort by the complex attribute '{attribute}'.", nameof(sort));
        }

        // A stored field, folded or not: absent and null sort first ascending, as SQLite's NULL does.
        return new SortKey(Folds(attribute.Leaf) ? FoldedPath(attribute.LeafPath) : DocumentPath(attribute.LeafPath), null);
    }

    /// <summary><c>{ key: ±1, id: ±1 }</c>: the sort key, then the id as the tie-breaker.</summary>
    public static BsonDocument SortDocument(SortKey key, bool descending)
    {
        var direction = descending ? -1 : 1;
        var sort = new BsonDocument(key.Field, direction);
        if (key.Field != Id)
        {
            sort.Add(Id, direction);
        }

        return sort;
    }

    /// <summary>
    /// "Strictly after <paramref name="after"/>" in the order of <see cref="SortDocument"/>, where null (and absent)
    /// keys come first ascending and last descending, as MongoDB and SQLite both order them.
    /// </summary>
    public static BsonDocument After(SortKey key, bool descending, KeysetPosition after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var id = new BsonString(after.Id);
        var beyond = descending ? "$lt" : "$gt";
        if (key.Field == Id)
        {
            return new BsonDocument(Id, new BsonDocument(beyond, id));
        }

        var field = key.Field;
        if (after.SortValue is null)
        {
            var tie = new BsonDocument { { field, BsonNull.Value }, { Id, new BsonDocument(beyond, id) } };
            return descending
                ? tie
                : new BsonDocument("$or", new BsonArray { tie, new BsonDocument(field, new BsonDocument("$ne", BsonNull.Value)) });
        }

        var value = JsonBson.FromClr(after.SortValue);
        var terms = new BsonArray
        {
            new BsonDocument(field, new BsonDocument(beyond, value)),
            new BsonDocument { { field, value }, { Id, new BsonDocument(beyond, id) } },
        };
        if (descending)
        {
            terms.Add(new BsonDocument(field, BsonNull.Value));
        }

        return new BsonDocument("$or", terms);
    }

    private BsonDocument Translate(BoundFilter filter, Scope scope) => filter switch
    {
        BoundAnd and => new BsonDocument("$and", new BsonArray { Translate(and.Left, scope), Translate(and.Right, scope) }),
        BoundOr or => new BsonDocument("$or", new BsonArray { Translate(or.Left, scope), Translate(or.Right, scope) }),
        BoundNot not => Nor(Translate(not.Inner, scope)),
        BoundComparison comparison => Comparison(comparison, scope),
        BoundPresent present => Present(present, scope),
        BoundValuePath valuePath => ValuePath(valuePath, scope),
        _ => throw new ArgumentException($"Unknown filter node {filter.GetType().Name}.", nameof(filter)),
    };

    private BsonDocument Comparison(BoundComparison comparison, Scope scope)
    {
        if (comparison.Operator == ComparisonOperator.Ne)
        {
            // ne is the negation of eq: it matches when the attribute is absent, and for a multi-valued attribute
            // when no element equals the value.
            return Nor(Comparison(comparison with { Operator = ComparisonOperator.Eq }, scope));
        }

        var attribute = comparison.Attribute;
        if (scope.IsRoot && attribute.IsMembership)
        {
            return LookedUp(comparison);
        }

        if (scope.IsRoot && ColumnComparison(comparison) is { } column)
        {
            return column;
        }

        if (scope.IsRoot && SearchKeyComparison(comparison) is { } keyed)
        {
            return keyed;
        }

        var op = comparison.Operator;
        var literal = comparison.Value;
        if (attribute.IsMultiValued)
        {
            // Some element matches: of the folded copy's array when the compared value folds (its elements are whole,
            // in the document's order), else of the document's.
            var leaf = attribute.ElementLeaf;
            var array = Folds(leaf) ? scope.FoldedPathOf(attribute.StoragePath) : scope.PathOf(attribute.StoragePath);
            var sub = attribute.Attribute.IsComplex ? leaf.Name : null;
            var condition = Condition(leaf, op, literal);
            return new BsonDocument(array, new BsonDocument("$elemMatch", sub is null ? condition : new BsonDocument(FieldPath.CheckSegment(sub), condition)));
        }

        if (attribute.Leaf.IsComplex)
        {
            throw new ArgumentException($"Cannot compare the complex attribute '{attribute}' with a value.", nameof(comparison));
        }

        var path = Folds(attribute.Leaf) ? scope.FoldedPathOf(attribute.LeafPath) : scope.PathOf(attribute.LeafPath);
        return new BsonDocument(path, Condition(attribute.Leaf, op, literal));
    }

    private BsonDocument Present(BoundPresent present, Scope scope)
    {
        var attribute = present.Attribute;
        if (scope.IsRoot && attribute.IsMembership)
        {
            return LookedUp(present);
        }

        if (scope.IsRoot && !attribute.IsElementRelative)
        {
            switch (attribute.LeafPath)
            {
                case ["id"] or ["meta"] or ["meta", _]:
                    return MatchAll;
                case ["externalId"]:
                    return new BsonDocument(ExternalId, NotBlank());
                case var _ when attribute.IsFoldedUniqueKey:
                    return new BsonDocument(UserNameKey, NotBlank());
            }
        }

        if (attribute.IsMultiValued && attribute.SubAttribute is { } sub)
        {
            return new BsonDocument(
                scope.PathOf(attribute.StoragePath),
                new BsonDocument("$elemMatch", new BsonDocument(FieldPath.CheckSegment(sub.Name), PresentCondition())));
        }

        if (attribute.IsMultiValued)
        {
            // A multi-valued attribute without a sub-attribute is present when its array has an element.
            return new BsonDocument(scope.PathOf(attribute.StoragePath) + ".0", new BsonDocument("$exists", true));
        }

        return new BsonDocument(scope.PathOf(attribute.LeafPath), PresentCondition());
    }

    private BsonDocument ValuePath(BoundValuePath valuePath, Scope scope)
    {
        var attribute = valuePath.Attribute;
        if (scope.IsRoot && attribute.IsMembership)
        {
            return LookedUp(valuePath);
        }

        if (!attribute.IsMultiValued)
        {
            // name[givenName eq "x"]: the inner paths are relative to the complex value itself.
            return Translate(valuePath.Filter, scope with
            {
                Prefix = scope.PathOf(attribute.StoragePath),
                FoldedPrefix = scope.FoldedPathOf(attribute.StoragePath),
            });
        }

        var narrowing = scope.IsRoot ? RequiredKeyConditions(valuePath.Filter) : [];
        var element = ElementMatch(valuePath, scope);
        return narrowing.Count == 0 ? element : new BsonDocument("$and", new BsonArray([.. narrowing, element]));
    }

    /// <summary>
    /// One element satisfies the whole value filter: <c>$elemMatch</c> over the folded copy's elements when the attribute
    /// has a sub-attribute that folds (they hold every sub-attribute, the folding ones folded, so one element is tested
    /// for all its conditions at once, orderings of folded text included), else over the document's.
    /// </summary>
    private BsonDocument ElementMatch(BoundValuePath valuePath, Scope scope)
    {
        var attribute = valuePath.Attribute;
        var array = attribute.Attribute.SubAttributes.Any(ScimText.FoldsCase)
            ? scope.FoldedPathOf(attribute.StoragePath)
            : scope.PathOf(attribute.StoragePath);
        return new BsonDocument(array, new BsonDocument("$elemMatch", Translate(valuePath.Filter, Scope.Element)));
    }

    /// <summary>
    /// A comparison on a declared search key (<c>emails.value</c>, <c>name.familyName</c>, a group's <c>displayName</c>)
    /// outside a value filter, on its folded key field: <c>eq</c> an equality and <c>sw</c> an anchored prefix that the
    /// index <c>{tenant, keys.path}</c> serves, <c>ew</c>/<c>co</c> a case-exact regular expression over the folded keys,
    /// and <c>gt</c>..<c>le</c> the order of the keys folded by <see cref="ScimText.Fold"/> (as SQLite orders), not
    /// MongoDB's ASCII-only <c>$toLower</c>. The keys are exactly the non-empty values folded, so the key query is the
    /// comparison itself; only the empty string, which has no key, is asked of the document (it orders before any text).
    /// </summary>
    private static BsonDocument? SearchKeyComparison(BoundComparison comparison)
    {
        var attribute = comparison.Attribute;
        if (attribute is not { SearchKey: { } key, IsElementRelative: false, IsFoldedUniqueKey: false }
            || comparison.Value.Value is not string { Length: > 0 } text)
        {
            return null;
        }

        var field = ResourceDocuments.KeyField(key.Name);
        var value = key.KeyOf(text);
        var op = comparison.Operator;
        switch (op)
        {
            case ComparisonOperator.Eq:
                return new BsonDocument(field, new BsonDocument("$eq", value));
            case ComparisonOperator.Sw or ComparisonOperator.Ew or ComparisonOperator.Co:
                return new BsonDocument(field, new BsonDocument("$regex", Pattern(op, value)));
            case ComparisonOperator.Gt or ComparisonOperator.Ge:
                return new BsonDocument(field, new BsonDocument(OrderingName(op), value));
            case ComparisonOperator.Lt or ComparisonOperator.Le:
                IReadOnlyList<string> leafPath = attribute.SubAttribute is null && attribute.IsMultiValued && attribute.Attribute.IsComplex
                    ? [.. attribute.StoragePath, attribute.ElementLeaf.Name]
                    : attribute.LeafPath;
                return new BsonDocument("$or", new BsonArray
                {
                    new BsonDocument(field, new BsonDocument(OrderingName(op), value)),
                    new BsonDocument(DocumentPath(leafPath), ""),
                });
            default:
                return null;
        }
    }

    /// <summary>
    /// The key conditions a value filter implies (its <c>eq</c>/<c>sw</c> on a search key that every match must meet,
    /// through <c>and</c> only), put beside its <c>$elemMatch</c> so that the key index narrows and the element decides:
    /// Entra ID's <c>emails[type eq "work"].value eq "…"</c> is an index lookup, not a scan.
    /// </summary>
    private static List<BsonDocument> RequiredKeyConditions(BoundFilter filter)
    {
        var conditions = new List<BsonDocument>();
        Collect(filter);
        return conditions;

        void Collect(BoundFilter node)
        {
            switch (node)
            {
                case BoundAnd and:
                    Collect(and.Left);
                    Collect(and.Right);
                    break;
                case BoundComparison { Attribute.SearchKey: { } key, Operator: ComparisonOperator.Eq or ComparisonOperator.Sw, Value.Value: string { Length: > 0 } text } comparison:
                    var value = key.KeyOf(text);
                    conditions.Add(new BsonDocument(
                        ResourceDocuments.KeyField(key.Name),
                        comparison.Operator == ComparisonOperator.Eq
                            ? new BsonDocument("$eq", value)
                            : new BsonDocument("$regex", Pattern(ComparisonOperator.Sw, value))));
                    break;
            }
        }
    }

    private static BsonDocument OrNull(BsonValue field) => new("$ifNull", new BsonArray { field, BsonNull.Value });

    /// <summary>The fields the store keeps beside the document: id, externalId, meta, and the folded unique key.</summary>
    private BsonDocument? ColumnComparison(BoundComparison comparison)
    {
        var attribute = comparison.Attribute;
        if (attribute.IsElementRelative)
        {
            return null;
        }

        var leaf = attribute.Leaf;
        var op = comparison.Operator;
        var literal = comparison.Value;
        return attribute.LeafPath switch
        {
            ["id"] => new BsonDocument(Id, Condition(leaf, op, literal)),
            ["externalId"] => new BsonDocument(ExternalId, Condition(leaf, op, literal)),
            ["meta", "created"] => new BsonDocument(MetaCreated, Condition(leaf, op, literal)),
            ["meta", "lastModified"] => new BsonDocument(MetaLastModified, Condition(leaf, op, literal)),
            ["meta", "version"] => ExpressionComparison(VersionText(VersionPrefix), leaf, op, literal),
            ["meta", "resourceType"] => ConstantComparison(resourceType, leaf, op, literal) ? MatchAll : MatchNone,

            // Built from the request's base URL, never stored: no stored resource can match a location value.
            ["meta", "location"] => MatchNone,
            _ when attribute.IsFoldedUniqueKey => new BsonDocument(UserNameKey, Condition(leaf, op, literal)),
            _ => null,
        };
    }

    /// <summary>
    /// The operator document one value is tested with: <c>{$eq: v}</c>, <c>{$gt: v}</c>..., an escaped regular
    /// expression for <c>sw</c>, <c>ew</c>, <c>co</c>. For a case-insensitive string the caller tests a folded field
    /// (the unique key, or the folded copy), so the literal is folded by the same rule and compared exactly.
    /// </summary>
    private static BsonDocument Condition(AttributeDefinition leaf, ComparisonOperator op, BoundLiteral literal)
    {
        if (literal.Value is null)
        {
            return op == ComparisonOperator.Eq
                ? new BsonDocument("$eq", BsonNull.Value)
                : throw new ArgumentException($"Operator {op} cannot compare with null.", nameof(literal));
        }

        var folds = Folds(leaf);
        var value = literal.Value is string s && folds ? ScimText.Fold(s) : literal.Value;
        if (op is ComparisonOperator.Co or ComparisonOperator.Sw or ComparisonOperator.Ew)
        {
            if (!IsStringLike(leaf.Type) || value is not string text)
            {
                throw new ArgumentException($"Operator {op} applies only to strings, not to '{leaf.Name}'.", nameof(op));
            }

            // Every string contains, starts and ends with "".
            return text.Length == 0
                ? new BsonDocument("$ne", BsonNull.Value)
                : new BsonDocument("$regex", Pattern(op, text));
        }

        var bson = LiteralValue(value, leaf);
        return op switch
        {
            ComparisonOperator.Eq => new BsonDocument("$eq", bson),
            ComparisonOperator.Gt => new BsonDocument("$gt", bson),
            ComparisonOperator.Ge => new BsonDocument("$gte", bson),
            ComparisonOperator.Lt => new BsonDocument("$lt", bson),
            ComparisonOperator.Le => new BsonDocument("$lte", bson),
            _ => throw new ArgumentException($"Unknown operator {op}.", nameof(op)),
        };
    }

    /// <summary>
    /// <c>^text\z</c>, <c>^text</c>, <c>text\z</c> or <c>text</c> with the text escaped: a client's <c>.*</c> is
    /// two characters to find, not a pattern. <c>\z</c> rather than <c>$</c>, which also matches before a final
    /// newline.
    /// </summary>
    private static BsonRegularExpression Pattern(ComparisonOperator op, string text)
    {
        // A NUL cannot travel in a BSON regular expression (a C string); PCRE reads \x00 as that character.
        var escaped = Regex.Escape(text).Replace("\0", @"\x00", StringComparison.Ordinal);
        var pattern = op switch
        {
            ComparisonOperator.Eq => "^" + escaped + @"\z",
            ComparisonOperator.Sw => "^" + escaped,
            ComparisonOperator.Ew => escaped + @"\z",
            _ => escaped,
        };
        return new BsonRegularExpression(pattern, "");
    }

    /// <summary>
    /// A literal as the store keeps it: strings (dates are normalised text), booleans, integers as Int64 and decimals
    /// as Decimal128 (MongoDB compares numbers across these types by value).
    /// </summary>
    private static BsonValue LiteralValue(object value, AttributeDefinition leaf) => value switch
    {
        decimal number when leaf.Type == AttributeType.Integer && number == decimal.Truncate(number)
            && number is >= long.MinValue and <= long.MaxValue => new BsonInt64((long)number),
        _ => JsonBson.FromClr(value),
    };

    /// <summary>A comparison of a computed string (<c>meta.version</c>'s <c>W/"n"</c>) in <c>$expr</c>.</summary>
    private static BsonDocument ExpressionComparison(BsonValue input, AttributeDefinition leaf, ComparisonOperator op, BoundLiteral literal)
    {
        if (literal.Value is not string text)
        {
            return MatchNone;
        }

        if (Folds(leaf))
        {
            // Only meta.version is computed, and its schema declares it caseExact; were it not, the folded text is the
            // folded prefix (the only letter is its W) before digits and a quote, which fold to themselves.
            input = VersionText(ScimText.Fold(VersionPrefix));
            text = ScimText.Fold(text);
        }

        if (op is ComparisonOperator.Eq or ComparisonOperator.Gt or ComparisonOperator.Ge or ComparisonOperator.Lt or ComparisonOperator.Le)
        {
            return new BsonDocument("$expr", Ordering(op, input, text));
        }

        if (text.Length == 0)
        {
            return MatchAll;
        }

        var pattern = Pattern(op, text);
        return new BsonDocument("$expr", new BsonDocument("$regexMatch", new BsonDocument
        {
            { "input", input },
            { "regex", pattern.Pattern },
        }));
    }

    private static BsonDocument Ordering(ComparisonOperator op, BsonValue left, string right) =>
        new(OrderingName(op), new BsonArray { left, right });

    private static string OrderingName(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Eq => "$eq",
        ComparisonOperator.Gt => "$gt",
        ComparisonOperator.Ge => "$gte",
        ComparisonOperator.Lt => "$lt",
        ComparisonOperator.Le => "$lte",
        _ => throw new ArgumentException($"{op} is not an ordering.", nameof(op)),
    };

    /// <summary>Compares a value the store never keeps but knows (<c>meta.resourceType</c>) while translating.</summary>
    private static bool ConstantComparison(string constant, AttributeDefinition leaf, ComparisonOperator op, BoundLiteral literal)
    {
        if (literal.Value is not string text)
        {
            return false;
        }

        if (Folds(leaf))
        {
            constant = ScimText.Fold(constant);
            text = ScimText.Fold(text);
        }

        var order = string.CompareOrdinal(constant, text);
        return op switch
        {
            ComparisonOperator.Eq => order == 0,
            ComparisonOperator.Co => constant.Contains(text, StringComparison.Ordinal),
            ComparisonOperator.Sw => constant.StartsWith(text, StringComparison.Ordinal),
            ComparisonOperator.Ew => constant.EndsWith(text, StringComparison.Ordinal),
            ComparisonOperator.Gt => order > 0,
            ComparisonOperator.Ge => order >= 0,
            ComparisonOperator.Lt => order < 0,
            ComparisonOperator.Le => order <= 0,
            _ => throw new ArgumentException($"Unknown operator {op}.", nameof(op)),
        };
    }

    private static BsonDocument EdgeComparison(BoundComparison comparison)
    {
        var leaf = comparison.Attribute.Leaf;
        var field = EdgeFieldOf(leaf);
        if (field == MemberId)
        {
            return new BsonDocument(field, Condition(leaf with { CaseExact = true }, comparison.Operator, comparison.Value));
        }

        // An edge's type is one of two stored names: compared as the name the literal folds to, as SQLite compares it
        // (the binder lets only eq, ne and pr through on a membership attribute).
        return comparison is { Operator: ComparisonOperator.Eq, Value.Value: string type }
            ? new BsonDocument(field, new BsonDocument("$eq", MemberTypes.Canonical(type)))
            : throw new NotSupportedException($"The MongoDB store compares a group's members' 'type' with eq and ne only, not {comparison.Operator}.");
    }

    /// <summary>Every edge has a member id and a type: presence of the group's members is "some edge exists".</summary>
    private static BsonDocument EdgePresent(BoundAttribute attribute)
    {
        if (attribute.SubAttribute is not null || attribute.IsElementRelative)
        {
            EdgeFieldOf(attribute.Leaf);
        }

        return MatchAll;
    }

    private static string EdgeFieldOf(AttributeDefinition leaf) => leaf.Name switch
    {
        "value" => MemberId,
        "type" => MemberType,
        _ => throw new NotSupportedException(
            $"The MongoDB store filters a group's members by 'value' and 'type' only, not by '{leaf.Name}'."),
    };

    private BsonDocument LookedUp(BoundFilter node) =>
        membership.TryGetValue(node, out var field)
            ? new BsonDocument(field + ".0", new BsonDocument("$exists", true))
            : throw new InvalidOperationException($"The membership filter '{node}' was not looked up before translation.");

    /// <summary>Presence (RFC 7644 §3.4.2.2 "pr"): not absent, not null, not "", not [], not {}.</summary>
    private static BsonDocument PresentCondition() =>
        new("$nin", new BsonArray { BsonNull.Value, "", new BsonArray(), new BsonDocument() });

    private static BsonDocument NotBlank() => new("$nin", new BsonArray { BsonNull.Value, "" });

    private static BsonDocument Nor(BsonDocument query) => new("$nor", new BsonArray { query });

    /// <summary>The weak entity tag's prefix (RFC 7232 §2.3) before the version number.</summary>
    private const string VersionPrefix = "W/\"";

    private static BsonDocument VersionText(string prefix) => new("$concat", new BsonArray
    {
        prefix,
        new BsonDocument("$toString", "$" + MetaVersion),
        "\"",
    });

    private static BsonDocument ArrayOrEmpty(BsonValue arrayExpression) =>
        new("$cond", new BsonArray { new BsonDocument("$isArray", arrayExpression), arrayExpression, new BsonArray() });

    /// <summary>
    /// <c>$doc.a.b</c>: a field path in the aggregation expression language; from a <c>$</c> name on
    /// (<c>manager.$ref</c>), which a field path cannot hold, one <c>$getField</c> per step.
    /// </summary>
    private static BsonValue FieldExpression(string path)
    {
        var segments = path.Split('.');
        var plain = segments.TakeWhile(s => !s.StartsWith('$')).ToList();
        BsonValue expression = "$" + string.Join('.', plain.Select(FieldPath.CheckSegment));
        foreach (var segment in segments.Skip(plain.Count))
        {
            expression = GetField(expression, segment);
        }

        return expression;
    }

    /// <summary><c>$$e.name</c>, or <c>$getField</c> for a <c>$</c> name (<c>$ref</c>).</summary>
    private static BsonValue SubField(string variable, string name) =>
        name.StartsWith('$') ? GetField(variable, name) : variable + "." + FieldPath.CheckSegment(name);

    /// <summary>A field by name; a <c>$</c> name goes in <c>$literal</c>, or it would be read as a field path.</summary>
    private static BsonDocument GetField(BsonValue input, string name) => new("$getField", new BsonDocument
    {
        { "field", FieldPath.CheckSegment(name).StartsWith('$') ? new BsonDocument("$literal", name) : name },
        { "input", input },
    });

    private static bool Folds(AttributeDefinition leaf) => ScimText.FoldsCase(leaf);

    private static bool IsStringLike(AttributeType type) =>
        type is AttributeType.String or AttributeType.Reference or AttributeType.Binary or AttributeType.DateTime;

    private static string DocumentPath(IReadOnlyList<string> path) => Scope.Root.PathOf(path);

    private static string FoldedPath(IReadOnlyList<string> path) => Scope.Root.FoldedPathOf(path);

    /// <summary>
    /// Where paths are read from: the document (<c>doc.</c>) and its folded copy (<c>fold.</c>), a single-valued complex
    /// value under them, or one array element inside <c>$elemMatch</c> (no prefix: an element of the folded copy when
    /// the attribute has text that folds, which then holds the element whole).
    /// </summary>
    private sealed record Scope(string Prefix, string FoldedPrefix, bool InElement)
    {
        public static Scope Root { get; } = new(Document, Folded, InElement: false);

        public static Scope Element { get; } = new("", "", InElement: true);

        public bool IsRoot => !InElement && Prefix == Document;

        public string PathOf(IReadOnlyList<string> path) => Join(Prefix, path);

        public string FoldedPathOf(IReadOnlyList<string> path) => Join(FoldedPrefix, path);

        private static string Join(string prefix, IReadOnlyList<string> path) =>
            prefix.Length == 0 ? FieldPath.Join(path) : prefix + "." + FieldPath.Join(path);
    }
}

/// <summary>What a query sorts by: a stored <see cref="Field"/>, or an <see cref="Expression"/> added under that name.</summary>
internal sealed record SortKey(string Field, BsonValue? Expression);
