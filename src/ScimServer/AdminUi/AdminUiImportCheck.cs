using System.Text.Json;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Import;
using ScimServer.Core.Protocol;
using ScimServer.Core.Resources;
using ScimServer.Http;

namespace ScimServer.AdminUi;

/// <summary>
/// <c>POST /admin/ui/api/users/import/check</c>: the rows of an uploaded users file, checked by scimctl's rule
/// (<see cref="ImportRowRules"/>) and mapped to SCIM by scimctl's columns (<see cref="ImportColumns"/>), so the page
/// sends what scimctl would and holds no rule of its own. <c>{"rows": [{"row": 2, "cells": {…}}], "upsert": true}</c>
/// answers <c>{"errors": ["Row 3: …"], "rows": [{"row": 2, "action": "create", "user": {…}, "operation": {…}}]}</c>:
/// one line per row without errors, with the Bulk operation to send (none for an unchanged or ambiguous row).
/// With upsert, rows are matched like <c>scimctl import --upsert</c> (<see cref="ImportMatch"/>), in the caller's scope.
/// </summary>
internal static class AdminUiImportCheck
{
    /// <summary>How many values one lookup filter names, as scimctl does: bounds the filter the store translates.</summary>
    private const int ValuesPerLookup = 50;

    public static async Task<IResult> CheckAsync(HttpContext http, IOptions<ScimOptions> options, ResourceService resources)
    {
        var body = await ScimRequestBody.ReadAsync(http.Request, options.Value.MaxPayloadBytes);
        if (!body.IsSuccess)
        {
            return ScimResponses.Error(body.Error);
        }

        var request = body.Value as JObject;
        if (request?["rows"] is not JArray rows
            || rows.Any(r => r is not JObject { } o || o["row"]?.Type != JTokenType.Integer
                || o["cells"] is not JObject cells || cells.Properties().Any(p => p.Value.Type is not (JTokenType.String or JTokenType.Null)))
            || request["upsert"] is { } flag && flag.Type != JTokenType.Boolean)
        {
            return ScimResponses.Error(ScimError.InvalidValue(
                "Send {\"rows\": [{\"row\": <number>, \"cells\": {<column>: <text>}}], \"upsert\": <true|false>}."));
        }

        var importRows = rows.Select(r => new AdminUiImportRow((int)r["row"]!, (JObject)r["cells"]!)).ToList();
        var errors = ImportRowRules.Check(importRows);
        var failed = errors.Select(e => e.Row).ToHashSet();
        var valid = importRows.Where(r => !failed.Contains(r.Number)).ToList();
        IReadOnlyDictionary<string, List<JObject>>? existing = null;
        if (request["upsert"] is { } upsert && (bool)upsert && valid.Count > 0)
        {
            var found = await FindAsync(http, resources, options.Value, valid);
            if (!found.IsSuccess)
            {
                return ScimResponses.Error(found.Error);
            }

            existing = found.Value;
        }

        var plans = valid.Select(row => ImportUpsert.Plan(row, existing is null ? null : Matches(existing, row)));
        return ScimResponses.Json(
            new JObject { ["errors"] = new JArray(errors.Select(e => e.Message)), ["rows"] = new JArray(plans.Select(Json)) },
            mediaType: ScimMediaTypes.Json);
    }

    private static IReadOnlyList<JObject> Matches(IReadOnlyDictionary<string, List<JObject>> existing, AdminUiImportRow row)
    {
        var (attribute, value) = ImportMatch.KeyOf(row);
        return existing.GetValueOrDefault(ImportMatch.Normalise(attribute, value)) ?? [];
    }

    private static JObject Json(ImportRowPlan plan)
    {
        var json = new JObject
        {
            ["row"] = plan.Row,
            ["action"] = plan.Action.ToString().ToLowerInvariant(),
            ["user"] = plan.User,
        };
        if (plan.Id is not null)
        {
            json["id"] = plan.Id;
        }

        if (plan.Changes.Count > 0)
        {
            json["changes"] = new JArray(plan.Changes.Select(c => c.Column.Name));
        }

        if (plan.Error is not null)
        {
            json["error"] = plan.Error;
        }

        if (plan.BulkOperation() is { } operation)
        {
            json["operation"] = operation;
        }

        return json;
    }

    /// <summary>
    /// The users the rows' keys match, by the key each row's <see cref="ImportMatch.Normalise"/> gives: read through
    /// the same Core service and scope as <c>GET /Users?filter=…</c>, with <c>eq … or eq …</c> filters rather than one
    /// query per row.
    /// </summary>
    private static async Task<ScimResult<IReadOnlyDictionary<string, List<JObject>>>> FindAsync(
        HttpContext http, ResourceService resources, ScimOptions options, IReadOnlyList<AdminUiImportRow> rows)
    {
        var context = ScimEndpointFilter.ContextOf(http);
        var users = resources.Registry.GetResourceType(ScimResourceTypes.User);
        var found = new Dictionary<string, List<JObject>>(StringComparer.Ordinal);
        foreach (var group in rows.Select(ImportMatch.KeyOf).GroupBy(k => k.Attribute))
        {
            foreach (var chunk in group.Select(k => k.Value).Distinct(StringComparer.Ordinal).Chunk(ValuesPerLookup))
            {
                var filter = string.Join(" or ", chunk.Select(v => $"{group.Key} eq {JsonConvert.ToString(v)}"));
                var read = 0;
                while (true)
                {
                    var page = await resources.ListAsync(
                        context, users, new ListRequest { Filter = filter, StartIndex = read + 1, Count = options.MaxResults }, http.RequestAborted);
                    if (!page.IsSuccess)
                    {
                        return page.Error;
                    }

                    var list = Read(page.Value);
                    foreach (var user in list)
                    {
                        if ((string?)user[group.Key] is { } value)
                        {
                            var key = ImportMatch.Normalise(group.Key, value);
                            if (!found.TryGetValue(key, out var matches))
                            {
                                found[key] = matches = [];
                            }

                            matches.Add(user);
                        }
                    }

                    read += list.Count;
                    if (list.Count == 0 || read >= page.Value.TotalResults)
                    {
                        break;
                    }
                }
            }
        }

        return found;
    }

    private static List<JObject> Read(ListResult list)
    {
        var users = new List<JObject>();
        foreach (var page in list.Pages)
        {
            for (var i = 0; i < page.Count; i++)
            {
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    page.Write(writer, i);
                }

                users.Add(JObject.Parse(System.Text.Encoding.UTF8.GetString(buffer.ToArray())));
            }
        }

        return users;
    }
}
