using ScimServer.Core.Schema;

namespace ScimServer.Core.Filtering;

/// <summary>
/// A comparison value typed for the attribute it is compared with: <see cref="string"/> for string, reference,
/// binary and dateTime (normalised by <see cref="ScimDateTime"/> so that text order is time order),
/// <see cref="bool"/>, <see cref="decimal"/> for integer and decimal, or null.
/// </summary>
public sealed record BoundLiteral(AttributeType Type, object? Value);
