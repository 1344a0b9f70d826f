using Newtonsoft.Json.Linq;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Storage;

/// <summary>
/// The folded copy of a stored document: for a store that cannot call <see cref="ScimText.Fold"/> while it compares
/// (MongoDB's <c>$toLower</c> folds ASCII only, and a collation orders <c>é</c> beside <c>e</c>, where SQLite's
/// folded binary text puts it after <c>z</c>), every value of an attribute that folds (<see cref="ScimText.FoldsCase"/>),
/// folded here, at its storage path, so that the store compares and sorts the folded text as stored.
/// <list type="bullet">
/// <item>A string attribute: its value folded (an array's elements one by one, in order).</item>
/// <item>A single-valued complex attribute: only its sub-attributes that fold.</item>
/// <item>A multi-valued complex attribute with a sub-attribute that folds: every element whole, its folding
/// sub-attributes folded and the others (<c>primary</c>, case-exact text) as they are, so that one element can be
/// tested for several conditions at once (<c>emails[type eq "work" and value gt "m"]</c>) and sorted by its primary.</item>
/// </list>
/// Nothing else is copied: an attribute without folding text has no place here.
/// </summary>
public static class FoldedCopy
{
    public static JObject Of(ResourceTypeDefinition resourceType, JObject document)
    {
        ArgumentNullException.ThrowIfNull(resourceType);
        ArgumentNullException.ThrowIfNull(document);
        var copy = new JObject();
        foreach (var schema in resourceType.AllSchemas())
        {
            foreach (var attribute in schema.Attributes)
            {
                var path = AttributeResolver.StoragePathOf(schema, attribute);
                if (ValueAt(document, path) is { } value && Folded(attribute, value) is { } folded)
                {
                    Place(copy, path, folded);
                }
            }
        }

        return copy;
    }

    private static JToken? Folded(AttributeDefinition attribute, JToken value)
    {
        if (!attribute.IsComplex)
        {
            return !ScimText.FoldsCase(attribute) ? null
                : value is JArray elements && attribute.MultiValued ? new JArray(elements.Select(FoldedText))
                : FoldedText(value);
        }

        if (!attribute.SubAttributes.Any(ScimText.FoldsCase))
        {
            return null;
        }

        if (attribute.MultiValued && value is JArray array)
        {
            return new JArray(array.Select(e => e is JObject element ? FoldedElement(attribute, element, wholeElement: true) : e.DeepClone()));
        }

        return value is JObject complex && FoldedElement(attribute, complex, wholeElement: false) is { HasValues: true } folded
            ? folded
            : null;
    }

    private static JObject FoldedElement(AttributeDefinition attribute, JObject element, bool wholeElement)
    {
        var folded = new JObject();
        foreach (var property in element.Properties())
        {
            var folds = attribute.FindSubAttribute(property.Name) is { } sub && ScimText.FoldsCase(sub);
            if (folds || wholeElement)
            {
                folded.Add(property.Name, folds ? FoldedText(property.Value) : property.Value.DeepClone());
            }
        }

        return folded;
    }

    private static JToken FoldedText(JToken value) =>
        value is JValue { Type: JTokenType.String, Value: string text } ? new JValue(ScimText.Fold(text)) : value.DeepClone();

    private static JToken? ValueAt(JObject document, IReadOnlyList<string> path)
    {
        JToken? current = document;
        foreach (var segment in path)
        {
            current = (current as JObject)?[segment];
        }

        return current is null || current.Type == JTokenType.Null ? null : current;
    }

    private static void Place(JObject copy, IReadOnlyList<string> path, JToken value)
    {
        var parent = copy;
        foreach (var segment in path.Take(path.Count - 1))
        {
            if (parent[segment] is not JObject child)
            {
                child = [];
                parent[segment] = child;
            }

            parent = child;
        }

        parent[path[^1]] = value;
    }
}
