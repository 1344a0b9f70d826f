using Microsoft.Data.Sqlite;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// A resource as the writer binds it: the document written out as JSON, the dates as text and the search keys (with
/// their backwards forms) made before the write is queued, on the request's own thread. The write queue's one writer,
/// which every write waits for, then only binds and steps: profiling a Bulk of 1,000 users put a fifth of the writer's
/// time in writing out documents and computing keys.
/// </summary>
internal sealed class ResourceRow
{
    private ResourceRow(StoredResource resource, string table, string document, IReadOnlyList<(string Path, string Value, string Eulav)> keys)
    {
        Resource = resource;
        Table = table;
        KeysTable = SqliteMigrations.KeysTableOf(table);
        Document = document;
        Keys = keys;
    }

    public StoredResource Resource { get; }

    public string Table { get; }

    public string KeysTable { get; }

    /// <summary>The stored document as JSON text.</summary>
    public string Document { get; }

    /// <summary>The search keys: path, value, and the value backwards (for <c>ew</c>).</summary>
    public IReadOnlyList<(string Path, string Value, string Eulav)> Keys { get; }

    public static ResourceRow Of(StoredResource resource, ResourceTypeDefinition resourceType)
    {
        var keys = SearchKeys.Of(resourceType, resource.Document);
        var rows = new (string, string, string)[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            rows[i] = (keys[i].Path, keys[i].Value, SqliteScimStore.Backwards(keys[i].Value));
        }

        return new ResourceRow(resource, SqliteScimStore.TableOf(resource.ResourceType), ScimJson.Serialize(resource.Document), rows);
    }

    /// <summary>Binds the columns every write of the row sets (all of <see cref="SqliteScimStore.ResourceColumns"/> but <c>created</c>).</summary>
    public void Bind(SqliteCommand command) => Bind(command, Resource, Document);

    /// <summary>The same columns of <paramref name="resource"/>, its document written out as <paramref name="document"/>.</summary>
    public static void Bind(SqliteCommand command, StoredResource resource, string document)
    {
        command.Parameters.AddWithValue("@tenant", resource.Tenant);
        command.Parameters.AddWithValue("@id", resource.Id);
        command.Parameters.AddWithValue("@version", resource.Version);
        command.Parameters.AddWithValue("@last_modified", ScimDateTime.ToText(resource.LastModified));
        command.Parameters.AddWithValue("@unique_key", (object?)resource.UniqueKey ?? DBNull.Value);
        command.Parameters.AddWithValue("@external_id", (object?)resource.ExternalId ?? DBNull.Value);
        command.Parameters.AddWithValue("@password_hash", (object?)resource.PasswordHash ?? DBNull.Value);
        command.Parameters.AddWithValue("@doc", document);
    }
}
