using Newtonsoft.Json.Linq;

namespace ScimServer.Core.Validation;

/// <summary>A request body that passed schema validation, in the stored form, with the password taken out.</summary>
public sealed record ValidatedResource(JObject Document, string? Password, string? ExternalId);
