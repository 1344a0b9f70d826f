using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Storage;

/// <summary>
/// A resource as the stores keep it. <see cref="Document"/> is the stored form (extensions under <c>ext.{alias}</c>,
/// no <c>meta</c>, no <c>id</c>); the server-assigned fields and the indexed keys travel beside it so that no store
/// has to read the document to index it.
/// </summary>
public sealed record StoredResource
{
    public required string Tenant { get; init; }
    public required string ResourceType { get; init; }
    public required string Id { get; init; }

    /// <summary>Starts at 1 and grows by one with every change; <c>meta.version</c> is <c>W/"{Version}"</c>.</summary>
    public required long Version { get; init; }

    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    public required JObject Document { get; init; }

    /// <summary>The case-folded value that must be unique per tenant and type (a user's userName), or null.</summary>
    public string? UniqueKey { get; init; }

    public string? ExternalId { get; init; }

    /// <summary>A standard KDF hash of the write-only password; never part of a response.</summary>
    public string? PasswordHash { get; init; }
}
