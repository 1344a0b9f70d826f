namespace ScimServer.Conformance.Scenarios;

/// <summary>
/// The documents the scenarios cite. Where a scenario says "request shape from", the exact body is the one that
/// document shows the identity provider sending; the expectation is what the document (or the RFC it defers to)
/// requires of the server, and no more.
/// </summary>
internal static class Sources
{
    public const string EntraTutorial =
        "Microsoft Entra ID, \"Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID\" "
        + "(https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups)";

    public const string EntraKnownIssues =
        "Microsoft Entra ID, \"Known issues and resolutions with SCIM 2.0 protocol compliance of the Microsoft Entra user "
        + "provisioning service\" (https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility)";

    public const string EntraValidator =
        "Microsoft Entra ID, \"Tutorial: Validate a SCIM endpoint\" (SCIM validator, "
        + "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/scim-validator-tutorial)";

    public const string OktaScim20 =
        "Okta, \"Okta and SCIM Version 2.0\" (SCIM 2.0 provisioning reference, "
        + "https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20)";

    public const string OktaSpecTests =
        "Okta, \"Test your SCIM API\" — the Okta SCIM 2.0 spec tests (Runscope) it links "
        + "(https://developer.okta.com/docs/guides/scim-provisioning-integration-test/main/)";

    public const string Rfc7643 = "RFC 7643 (https://www.rfc-editor.org/rfc/rfc7643)";

    public const string Rfc7644 = "RFC 7644 (https://www.rfc-editor.org/rfc/rfc7644)";

    public static string Entra(string section) => $"{EntraTutorial}, § {section}";

    public static string Okta(string section) => $"{OktaScim20}, § {section}";

    public static string Rfc43(string section) => $"RFC 7643 §{section}";

    public static string Rfc44(string section) => $"RFC 7644 §{section}";
}
