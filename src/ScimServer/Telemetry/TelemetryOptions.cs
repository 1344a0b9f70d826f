namespace ScimServer.Telemetry;

/// <summary>The <c>Telemetry</c> section.</summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public OtlpSettings Otlp { get; init; } = new();

    public MetricsSettings Metrics { get; init; } = new();

    internal sealed class OtlpSettings
    {
        /// <summary>The collector; unset (and OTEL_EXPORTER_OTLP_ENDPOINT unset) means no OTLP export at all.</summary>
        public string? Endpoint { get; init; }

        /// <summary><c>grpc</c> (port 4317, the default) or <c>http/protobuf</c> (port 4318).</summary>
        public string Protocol { get; init; } = "grpc";
    }

    internal sealed class MetricsSettings
    {
        /// <summary>
        /// Networks (CIDR, e.g. <c>10.0.0.0/8</c>) whose clients may read <c>/metrics</c> without a token — a
        /// Prometheus server in the cluster. Empty (the default): only the server-admin token may.
        /// </summary>
        public string[] AllowedNetworks { get; init; } = [];
    }
}
