namespace ScimServer.Conformance.Running;

/// <summary>Whose expectations a scenario checks.</summary>
public enum Suite
{
    Entra,
    Okta,
    Rfc,
}
