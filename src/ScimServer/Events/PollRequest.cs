using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;

namespace ScimServer.Events;

/// <summary>An RFC 8936 §2.4 poll request: <c>ack</c>, <c>setErrs</c>, <c>maxEvents</c>, <c>returnImmediately</c>.</summary>
internal sealed record PollRequest(IReadOnlyList<string> Acknowledged, IReadOnlyList<(string Jti, string Detail)> Errors, int MaxEvents, bool ReturnImmediately)
{
    public static ScimResult<PollRequest> Read(JToken? body, int defaultMax)
    {
        if (body is not JObject json)
        {
            return ScimError.InvalidValue("A poll request is a JSON object (RFC 8936 §2.4).");
        }

        var acks = new List<string>();
        if (json["ack"] is { Type: not JTokenType.Null } ack)
        {
            if (ack is not JArray list || list.Any(a => a.Type != JTokenType.String))
            {
                return ScimError.InvalidValue("'ack' must be an array of jti strings.");
            }

            acks.AddRange(list.Select(a => (string)a!));
        }

        var errors = new List<(string, string)>();
        if (json["setErrs"] is { Type: not JTokenType.Null } setErrs)
        {
            if (setErrs is not JObject map)
            {
                return ScimError.InvalidValue("'setErrs' must be an object of jti to {\"err\", \"description\"}.");
            }

            foreach (var property in map.Properties())
            {
                acks.Add(property.Name);
                errors.Add((property.Name, $"{(string?)property.Value["err"]} {(string?)property.Value["description"]}".Trim()));
            }
        }

        var max = defaultMax;
        if (json["maxEvents"] is { Type: not JTokenType.Null } maxEvents)
        {
            if (maxEvents.Type != JTokenType.Integer || (long)maxEvents < 0)
            {
                return ScimError.InvalidValue("'maxEvents' must be a non-negative integer.");
            }

            max = (int)Math.Min((long)maxEvents, defaultMax);
        }

        var immediately = false;
        if (json["returnImmediately"] is { Type: not JTokenType.Null } returnImmediately)
        {
            if (returnImmediately.Type != JTokenType.Boolean)
            {
                return ScimError.InvalidValue("'returnImmediately' must be true or false.");
            }

            immediately = (bool)returnImmediately;
        }

        return new PollRequest(acks, errors, max, immediately);
    }
}
