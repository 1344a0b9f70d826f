using ScimServer.Testing;
using Newtonsoft.Json.Linq;
using ScimServer.Cli.Bulk;

namespace ScimServer.Cli.Tests;

public sealed class BulkRequestTests
{
    private static BulkItem<int> Item(int row) => new(row, BulkOperation.Post($"row-{row}", new JObject { ["userName"] = $"u{row}@example.com" }));

    [Fact]
    public void Results_map_back_to_rows_by_bulkId_whatever_their_order()
    {
        var sent = new[] { Item(2), Item(3), Item(4) };
        var response = JObject.Parse("""
            { "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
              "Operations": [
                { "method": "POST", "bulkId": "row-4", "status": "201", "location": "http://x/scim/v2/Users/b" },
                { "method": "POST", "bulkId": "row-2", "status": "201", "location": "http://x/scim/v2/Users/a" },
                { "method": "POST", "bulkId": "row-3", "status": "409",
                  "response": { "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "409", "scimType": "uniqueness", "detail": "taken" } } ] }
            """);

        var outcomes = BulkRequest.Outcomes(sent, response);

        outcomes.Select(o => (o.Item.Subject, o.Status, o.Location, o.Error)).Should().Equal(
            (2, 201, "http://x/scim/v2/Users/a", null),
            (3, 409, null, "taken (uniqueness)"),
            (4, 201, "http://x/scim/v2/Users/b", null));
    }

    [Fact]
    public void An_operation_missing_from_the_response_is_failed_without_a_status()
    {
        var outcomes = BulkRequest.Outcomes([Item(2)], JObject.Parse("""{ "Operations": [] }"""));

        outcomes.Single().Should().Match<BulkOutcome<int>>(o => o.Status == null && !o.Succeeded && o.StatusText == "unsent");
    }

    [Fact]
    public void Chunks_respect_max_operations_and_payload_size()
    {
        var items = Enumerable.Range(1, 25).Select(Item).ToList();

        BulkRequest.Chunks(items, 10, 1024 * 1024).Select(c => c.Count).Should().Equal(10, 10, 5);
        BulkRequest.Chunks(items, 1000, 2048).Should().OnlyContain(c => c.Count < 25).And.HaveCountGreaterThan(1);
        BulkRequest.Chunks(items, 1000, 2048).Sum(c => c.Count).Should().Be(25);
    }

    [Fact]
    public void The_request_body_follows_rfc_7644_without_failOnErrors()
    {
        var body = BulkRequest.Body([BulkOperation.Patch("user-1", "1", new JObject { ["x"] = 1 })]);

        body.ShouldEqualJson(JObject.Parse("""
            { "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
              "Operations": [{ "method": "PATCH", "bulkId": "user-1", "path": "/Users/1", "data": { "x": 1 } }] }
            """));
    }
}
