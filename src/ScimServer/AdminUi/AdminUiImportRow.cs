using Newtonsoft.Json.Linq;
using ScimServer.Core.Import;

namespace ScimServer.AdminUi;

/// <summary>A row of a users file as the page sends it for checking: <c>{"row": 2, "cells": {"userName": "…"}}</c>.</summary>
internal sealed class AdminUiImportRow(int number, JObject cells) : IImportRow
{
    public int Number => number;

    public string? this[string column]
    {
        get
        {
            var value = (string?)cells.Properties().FirstOrDefault(p => string.Equals(p.Name.Trim(), column, StringComparison.OrdinalIgnoreCase))?.Value;
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
    }
}
