using System.Text;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;

namespace ScimServer.Core.Storage;

/// <summary>
/// A resource as the stores keep it. <see cref="Document"/> is the stored form (extensions under <c>ext.{alias}</c>,
/// no <c>meta</c>, no <c>id</c>); the server-assigned fields and the indexed keys travel beside it so that no store
/// has to read the document to index it.
/// </summary>
/// <remarks>
/// A store that reads the document as JSON text hands over the text (<see cref="DocumentJson"/>) and the document is
/// parsed only when something asks for it: a read renders straight from the text, so a page of 100 builds no JObject
/// (parsing them was 15 % of a page's time and much of its garbage). Setting one of the two forms drops the other.
/// </remarks>
public sealed record StoredResource
{
    private JObject? _document;
    private byte[]? _documentJson;

    public required string Tenant { get; init; }
    public required string ResourceType { get; init; }
    public required string Id { get; init; }

    /// <summary>Starts at 1 and grows by one with every change; <c>meta.version</c> is <c>W/"{Version}"</c>.</summary>
    public required long Version { get; init; }

    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset LastModified { get; init; }

    /// <summary>
    /// The stored document. When it was parsed from <see cref="DocumentJson"/> it is a reading copy: a write builds its
    /// own document (validation does) and never changes this one, so the text and the document stay the same.
    /// </summary>
    public JObject Document
    {
        get => _document ??= ScimJson.ParseObject(Encoding.UTF8.GetString(
            _documentJson ?? throw new InvalidOperationException($"{ResourceType} '{Id}' was made without a document.")));
        init
        {
            _document = value;
            _documentJson = null;
        }
    }

    /// <summary>The stored document as UTF-8 JSON text, as the store read it.</summary>
    /// <remarks>
    /// Read through <see cref="DocumentUtf8"/>, which also serves resources built from a JObject: a public getter would
    /// be null for those, and would make the bytes part of what comparisons of whole records look at.
    /// </remarks>
    public byte[] DocumentJson
    {
        private get => _documentJson!;
        init
        {
            _documentJson = value;
            _document = null;
        }
    }

    /// <summary>The case-folded value that must be unique per tenant and type (a user's userName), or null.</summary>
    public string? UniqueKey { get; init; }

    public string? ExternalId { get; init; }

    /// <summary>A standard KDF hash of the write-only password; never part of a response.</summary>
    public string? PasswordHash { get; init; }

    /// <summary>
    /// The document as UTF-8 JSON: the stored text when the store gave it, else <see cref="Document"/> written out
    /// (a resource built in memory by a write, or by a store that does not keep JSON text, like MongoDB's BSON).
    /// </summary>
    public ReadOnlyMemory<byte> DocumentUtf8() =>
        _documentJson ?? Encoding.UTF8.GetBytes(ScimJson.Serialize(Document));
}
