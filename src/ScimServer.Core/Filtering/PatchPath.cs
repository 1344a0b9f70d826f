using ScimServer.Core.Filtering.Expressions;

namespace ScimServer.Core.Filtering;

/// <summary>
/// The <c>path</c> of a PATCH operation (RFC 7644 §3.5.2: <c>PATH = attrPath / valuePath [subAttr]</c>), as written.
/// <list type="bullet">
/// <item><c>name.familyName</c>: <see cref="Path"/> only.</item>
/// <item><c>members[value eq "2819c223"]</c>: the elements of <c>members</c> that match <see cref="ValueFilter"/>.</item>
/// <item><c>emails[type eq "work"].value</c>: the <c>value</c> sub-attribute of the matching elements.</item>
/// <item><c>urn:ietf:params:scim:schemas:extension:enterprise:2.0:User</c>: the whole extension, written as a
/// <see cref="Path"/> whose <see cref="AttributePath.AttributeName"/> is empty.</item>
/// </list>
/// </summary>
public sealed record PatchPath(AttributePath Path, FilterExpression? ValueFilter, string? SubAttributeName)
{
    /// <summary>True when the path names a whole schema extension rather than one of its attributes.</summary>
    public bool IsWholeExtension => Path.AttributeName.Length == 0;
}
