using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ScimServer.Benchmarks.Baseline;

/// <summary>
/// The bare baseline of the load benchmark: a minimal ASP.NET Core endpoint on Kestrel that writes a fixed 400-byte
/// user JSON. Every load figure is reported as a share of this endpoint's throughput measured in the same run, so
/// that the machine's speed and whatever else runs on it cancel out.
/// </summary>
internal static class BaselineServer
{
    public const string Path = "/user";
    public const int BodyBytes = 400;

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var body = FixedUser();
        app.MapGet(Path, () => Results.Bytes(body, "application/scim+json"));
        await app.RunAsync();
    }

    /// <summary>A user as the server renders one, padded to exactly <see cref="BodyBytes"/> bytes.</summary>
    internal static byte[] FixedUser()
    {
        const string Head = """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"0198c3a4-7d21-7c11-9a3e-5b1f0c2d4e6f","userName":"user1234@bench.example","name":{"givenName":"Given1234","familyName":"Family1234"},"emails":[{"value":"u1234@mail.example","type":"work","primary":true}],"active":true,"meta":{"resourceType":"User","version":"W/\"1\"","pad":""";
        const string Tail = "\"}}";
        var padding = BodyBytes - Encoding.UTF8.GetByteCount(Head) - Encoding.UTF8.GetByteCount(Tail);
        if (padding < 0)
        {
            throw new InvalidOperationException("The baseline user is longer than its fixed size.");
        }

        return Encoding.UTF8.GetBytes(Head + new string('x', padding) + Tail);
    }
}
