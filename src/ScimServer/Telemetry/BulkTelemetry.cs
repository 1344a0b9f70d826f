using System.Globalization;
using Newtonsoft.Json.Linq;

namespace ScimServer.Telemetry;

/// <summary>Counts a Bulk request's operations by method and status, read from its BulkResponse (RFC 7644 §3.7.3).</summary>
internal static class BulkTelemetry
{
    public static void Record(ScimMetrics metrics, string tenant, long? requestBytes, JObject response)
    {
        // A chunked body has no Content-Length; its size is not measured rather than buffered twice.
        if (requestBytes is { } bytes)
        {
            metrics.BulkRequest(tenant, bytes);
        }

        if (response["Operations"] is not JArray operations)
        {
            return;
        }

        foreach (var operation in operations)
        {
            var method = ((string?)operation["method"])?.ToUpperInvariant() ?? "";
            var status = int.TryParse((string?)operation["status"], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 0;
            metrics.BulkOperation(tenant, method, status);
        }
    }
}
