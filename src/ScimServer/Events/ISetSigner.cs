using Newtonsoft.Json.Linq;

namespace ScimServer.Events;

/// <summary>Signs a SET's claims as a compact JWS (RFC 8417 §2.3); the seam where tests count signatures.</summary>
internal interface ISetSigner
{
    string Sign(JObject claims);
}
