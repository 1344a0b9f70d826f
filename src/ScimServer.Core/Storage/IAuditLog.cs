namespace ScimServer.Core.Storage;

/// <summary>The append-only audit log. Resource writes append through the <see cref="IResourceStore"/> write calls.</summary>
public interface IAuditLog
{
    /// <summary>Appends an entry that has no resource write of its own (admin API operations, token use).</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>One page, oldest first; the page is full when more may follow.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
