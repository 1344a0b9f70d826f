using System.Globalization;
using System.Text.Json.Nodes;

namespace ScimServer.Benchmarks.Load;

/// <summary>
/// The loaded users, named by their number so that a filter can pick one (or a few) without a list: user i has
/// userName <c>user{i}@bench.example</c>, externalId <c>ext-{i}</c>, a work email <c>u{i}@mail.example</c> and a home
/// email, displayName <c>Display User {i}</c>, familyName <c>Family{i}</c>; every tenth is inactive.
/// </summary>
internal static class BenchUsers
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";

    public static string UserName(long i) => Invariant($"user{i}@bench.example");

    public static string ExternalId(long i) => Invariant($"ext-{i}");

    public static string WorkEmail(long i) => Invariant($"u{i}@mail.example");

    public static string DisplayName(long i) => Invariant($"Display User {i}");

    public static string FamilyName(long i) => Invariant($"Family{i}");

    public static bool Active(long i) => i % 10 != 0;

    public static JsonObject User(long i) => User(UserName(i), ExternalId(i), WorkEmail(i), DisplayName(i), FamilyName(i), Active(i), i.ToString(CultureInfo.InvariantCulture));

    public static JsonObject User(string userName, string externalId, string workEmail, string displayName, string familyName, bool active, string tag) => new()
    {
        ["schemas"] = new JsonArray(UserSchema),
        ["userName"] = userName,
        ["externalId"] = externalId,
        ["name"] = new JsonObject { ["givenName"] = "Given" + tag, ["familyName"] = familyName },
        ["displayName"] = displayName,
        ["emails"] = new JsonArray(
            new JsonObject { ["value"] = workEmail, ["type"] = "work", ["primary"] = true },
            new JsonObject { ["value"] = "home" + tag + "@home.example", ["type"] = "home" }),
        ["active"] = active,
    };

    public static JsonObject Group(string displayName, IEnumerable<(string Id, string Type)> members) => new()
    {
        ["schemas"] = new JsonArray(GroupSchema),
        ["displayName"] = displayName,
        ["members"] = new JsonArray([.. members.Select(m => (JsonNode)new JsonObject { ["value"] = m.Id, ["type"] = m.Type })]),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
