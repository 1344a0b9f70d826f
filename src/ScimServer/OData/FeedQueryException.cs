namespace ScimServer.OData;

/// <summary>
/// A query the feed cannot answer (an unsupported option, function or combination): 400 with an OData error. Thrown
/// inside the recursive translation only, and caught where the request is read.
/// </summary>
internal sealed class FeedQueryException(string message) : Exception(message);
