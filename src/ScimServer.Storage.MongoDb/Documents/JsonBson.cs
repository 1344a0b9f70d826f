using MongoDB.Bson;
using Newtonsoft.Json.Linq;

namespace ScimServer.Storage.MongoDb.Documents;

/// <summary>
/// Converts a stored resource document between JSON and BSON without changing a value: strings stay strings (dates
/// too: they are compared as text, as in every store), integers become Int64, decimals Decimal128 (the JSON reader
/// keeps them as decimals), and every property name is checked by <see cref="FieldPath"/>.
/// </summary>
internal static class JsonBson
{
    public static BsonDocument ToBson(JObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var document = new BsonDocument();
        foreach (var property in json.Properties())
        {
            document.Add(FieldPath.CheckSegment(property.Name), ToBson(property.Value));
        }

        return document;
    }

    public static BsonValue ToBson(JToken token) => token switch
    {
        JObject json => ToBson(json),
        JArray array => new BsonArray(array.Select(ToBson)),
        JValue value => value.Type switch
        {
            JTokenType.Null or JTokenType.Undefined => BsonNull.Value,
            JTokenType.String => new BsonString((string)value.Value!),
            JTokenType.Boolean => (bool)value.Value! ? BsonBoolean.True : BsonBoolean.False,
            JTokenType.Integer => value.Value is System.Numerics.BigInteger
                ? throw new ArgumentException($"The integer at '{value.Path}' does not fit in 64 bits.", nameof(token))
                : new BsonInt64(Convert.ToInt64(value.Value, System.Globalization.CultureInfo.InvariantCulture)),
            JTokenType.Float => value.Value switch
            {
                decimal number => new BsonDecimal128(number),
                _ => new BsonDouble(Convert.ToDouble(value.Value, System.Globalization.CultureInfo.InvariantCulture)),
            },
            _ => throw new ArgumentException($"A {value.Type} value at '{value.Path}' has no place in a stored document.", nameof(token)),
        },
        _ => throw new ArgumentException($"A {token.Type} token has no place in a stored document.", nameof(token)),
    };

    public static JObject ToJson(BsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var json = new JObject();
        foreach (var element in document)
        {
            json.Add(element.Name, ToJson(element.Value));
        }

        return json;
    }

    public static JToken ToJson(BsonValue value) => value.BsonType switch
    {
        BsonType.Document => ToJson(value.AsBsonDocument),
        BsonType.Array => new JArray(value.AsBsonArray.Select(ToJson)),
        BsonType.Null => JValue.CreateNull(),
        BsonType.String => new JValue(value.AsString),
        BsonType.Boolean => new JValue(value.AsBoolean),
        BsonType.Int32 => new JValue((long)value.AsInt32),
        BsonType.Int64 => new JValue(value.AsInt64),
        BsonType.Double => new JValue(value.AsDouble),
        BsonType.Decimal128 => new JValue(value.AsDecimal),
        _ => throw new InvalidOperationException($"A stored document holds a {value.BsonType}, which no SCIM value becomes."),
    };

    /// <summary>A sort key or keyset value as the port carries it: string, long, double, decimal, bool or null.</summary>
    public static object? ToClr(BsonValue value) => value.BsonType switch
    {
        BsonType.Null or BsonType.Undefined => null,
        BsonType.String => value.AsString,
        BsonType.Boolean => value.AsBoolean,
        BsonType.Int32 => (long)value.AsInt32,
        BsonType.Int64 => value.AsInt64,
        BsonType.Double => value.AsDouble,
        BsonType.Decimal128 => value.AsDecimal,
        _ => throw new InvalidOperationException($"A {value.BsonType} cannot be a sort key."),
    };

    /// <summary>The inverse of <see cref="ToClr"/> (numbers of any CLR type are accepted).</summary>
    public static BsonValue FromClr(object? value) => value switch
    {
        null => BsonNull.Value,
        string text => new BsonString(text),
        bool flag => flag ? BsonBoolean.True : BsonBoolean.False,
        int number => new BsonInt64(number),
        long number => new BsonInt64(number),
        double number => new BsonDouble(number),
        float number => new BsonDouble(number),
        decimal number => new BsonDecimal128(number),
        _ => throw new ArgumentException($"A value of type {value.GetType().Name} cannot be compared in MongoDB.", nameof(value)),
    };
}
