using ScimServer.Cli.Http;

namespace ScimServer.Cli.Bulk;

/// <summary>
/// Sends operations through <c>/Bulk</c> in chunks within the server's limits and maps every result back. When a
/// chunk fails as a whole (a 5xx, a connection failure), sending stops: that chunk and every later one are reported
/// as unsent, with the reason, so the caller can write them all to a failures file.
/// </summary>
internal sealed class BulkSender(ScimApi api, ServiceProviderInfo server)
{
    public async Task<BulkRun<T>> SendAsync<T>(IReadOnlyList<BulkItem<T>> items, Action<int>? sent, CancellationToken cancellationToken)
    {
        var outcomes = new List<BulkOutcome<T>>(items.Count);
        string? failure = null;
        foreach (var chunk in BulkRequest.Chunks(items, server.MaxOperations, server.MaxPayloadBytes))
        {
            if (failure is not null)
            {
                outcomes.AddRange(chunk.Select(i => new BulkOutcome<T>(i, null, null, $"Not sent: {failure}")));
                continue;
            }

            try
            {
                var response = await api.BulkAsync(chunk.Select(i => i.Operation), cancellationToken);
                outcomes.AddRange(BulkRequest.Outcomes(chunk, response));
            }
            catch (ServerFailureException e)
            {
                failure = e.Message;

                // The server may have applied part of this chunk before failing; a re-run with --upsert settles it.
                outcomes.AddRange(chunk.Select(i => new BulkOutcome<T>(i, null, null, $"Not sent or not confirmed: {failure}")));
            }

            sent?.Invoke(chunk.Count);
        }

        return new BulkRun<T>(outcomes, failure);
    }
}
