using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using ScimServer.ApiDocs;
using ScimServer.Http;

namespace ScimServer.OData;

/// <summary>
/// The read-only OData v4 access-review feed (the seeds' "regular access reviews": who has which role, in which
/// organization, which service accounts reach across tenants) at <c>/odata</c> and, for the server admin,
/// <c>/tenants/{tenant}/odata</c>: the service document, <c>$metadata</c> and one GET per entity set.
/// </summary>
internal static class ODataEndpoints
{
    public static void MapAccessReviewFeed(this WebApplication app)
    {
        var filter = app.Services.GetRequiredService<ODataEndpointFilter>();
        foreach (var prefix in new[] { ODataEndpointFilter.Prefix, $"/tenants/{{{ScimEndpointFilter.TenantRouteValue}}}{ODataEndpointFilter.Prefix}" })
        {
            var feed = app.MapGroup(prefix).AddEndpointFilter(filter).WithGroupName(ApiDocumentation.AdminDocument);
            feed.MapGet("/", ServiceDocument).WithMetadata(AdminApiOperations.ODataServiceDocument());
            feed.MapGet("/$metadata", Metadata).WithMetadata(AdminApiOperations.ODataMetadata());
            feed.MapGet("/{entitySet}", ReadSetAsync).WithMetadata(AdminApiOperations.ODataEntitySet());
        }
    }

    private static IResult ServiceDocument(HttpContext http, FeedSchema schema)
    {
        var context = ODataEndpointFilter.ContextOf(http);
        return ODataResponses.Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", $"{context.ServiceRoot}/$metadata");
            writer.WriteStartArray("value");
            foreach (var set in schema.Sets)
            {
                writer.WriteStartObject();
                writer.WriteString("name", set.Name);
                writer.WriteString("kind", "EntitySet");
                writer.WriteString("url", set.Name);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static IResult Metadata(IEdmModel model)
    {
        using var text = new MemoryStream();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            if (!CsdlWriter.TryWriteCsdl(model, xml, CsdlTarget.OData, out var errors))
            {
                throw new InvalidOperationException("The EDM model does not write as CSDL: " + string.Join("; ", errors.Select(e => e.ErrorMessage)));
            }
        }

        return ODataResponses.Xml(text.ToArray());
    }

    private static async Task<IResult> ReadSetAsync(
        string entitySet, HttpContext http, FeedSchema schema, FeedRequestReader reader, AccessReviewFeed feed)
    {
        var context = ODataEndpointFilter.ContextOf(http);
        var set = schema.Find(entitySet);
        if (set is null)
        {
            return ODataResponses.Error(HttpStatusCode.NotFound,
                $"'{entitySet}' is not an entity set of this feed (read-only sets: {string.Join(", ", schema.Sets.Select(s => s.Name))}).");
        }

        FeedRequest request;
        FeedPage page;
        try
        {
            request = reader.Read(set, http.Request.Query, context.Tenant);
            page = await feed.ReadAsync(request, context.Tenant, http.RequestAborted);
        }
        catch (FeedQueryException e)
        {
            return ODataResponses.Error(HttpStatusCode.BadRequest, e.Message);
        }

        var columns = request.Selected is null ? set.Columns : set.Columns.Where(c => request.Selected.Contains(c.Name)).ToList();
        var contextUrl = $"{context.ServiceRoot}/$metadata#{set.Name}" + (request.Selected is null ? "" : $"({string.Join(',', request.Selected)})");
        var nextLink = page.Next is null ? null : NextLink(http.Request, request, page);
        return ODataResponses.Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", contextUrl);
            if (page.Count is { } count)
            {
                writer.WriteNumber("@odata.count", count);
            }

            writer.WriteStartArray("value");
            foreach (var row in page.Rows)
            {
                writer.WriteStartObject();
                foreach (var column in columns)
                {
                    ODataResponses.WriteValue(writer, column.Name, column.Read(row));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (nextLink is not null)
            {
                writer.WriteString("@odata.nextLink", nextLink);
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>The same query from where this page ended: <c>$skiptoken</c> carries the position, <c>$top</c> what is left of it.</summary>
    private static string NextLink(HttpRequest http, FeedRequest request, FeedPage page)
    {
        var parts = http.Query
            .Where(q => q.Key is not ("$skip" or "$skiptoken" or "$top"))
            .Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}")
            .ToList();
        if (request.Top is { } top)
        {
            parts.Add($"$top={top - page.Rows.Count}");
        }

        parts.Add($"$skiptoken={page.Next!.ToToken()}");
        return $"{http.Scheme}://{http.Host}{http.PathBase}{http.Path}?{string.Join('&', parts)}";
    }
}
