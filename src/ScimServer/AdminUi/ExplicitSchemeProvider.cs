using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ScimServer.AdminUi;

/// <summary>
/// The schemes as registered, with no default for authentication. The page's cookie is the only scheme, and ASP.NET
/// Core makes a lone scheme the default that its authentication middleware (added by the host on its own) runs on
/// every request: each SCIM request built a cookie handler (its logger taken under the logger factory's one lock,
/// contended under load) and looked for a cookie SCIM never sends. The page authenticates with its scheme by name.
/// </summary>
internal sealed class ExplicitSchemeProvider(IOptions<AuthenticationOptions> options) : AuthenticationSchemeProvider(options)
{
    public override Task<AuthenticationScheme?> GetDefaultAuthenticateSchemeAsync() => Task.FromResult<AuthenticationScheme?>(null);
}
