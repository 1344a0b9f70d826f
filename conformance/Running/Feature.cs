namespace ScimServer.Conformance.Running;

/// <summary>The optional features a server announces in <c>/ServiceProviderConfig</c> (RFC 7643 §5).</summary>
public enum Feature
{
    Patch,
    Bulk,
    Filter,
    Sort,
    Etag,
}
