using System.Text.RegularExpressions;

namespace ScimServer.Storage.MongoDb.Documents;

/// <summary>
/// The one gate every field name passes before it reaches MongoDB. Names come from schema definitions (bound
/// attributes' storage paths), never from client text; the check is a second line of defence, so that not even a
/// schema file can turn a name into an operator (<c>$where</c>) or a path (<c>a.b</c>).
/// </summary>
internal static partial class FieldPath
{
    /// <summary>The one <c>$</c> name SCIM uses (RFC 7643 §2.4: a reference's <c>$ref</c>).</summary>
    private const string Reference = "$ref";

    /// <summary>A dotted path from validated segments.</summary>
    public static string Join(IEnumerable<string> segments) => string.Join('.', segments.Select(CheckSegment));

    /// <summary>Returns the segment if it is a plain attribute name (or <c>$ref</c>); throws otherwise.</summary>
    public static string CheckSegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (!SegmentPattern().IsMatch(segment) || (segment[0] == '$' && segment != Reference))
        {
            throw new ArgumentException($"'{segment}' cannot be a MongoDB field name.", nameof(segment));
        }

        return segment;
    }

    [GeneratedRegex(@"^[A-Za-z$][A-Za-z0-9_$-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex SegmentPattern();
}
