namespace ScimServer.Storage.Contract;

/// <summary>
/// The filter corpus of the HTTP filter tests (<c>ScimServer.Tests.FilterTests</c>), with the same users and the same
/// expected answers, as stored documents: every store must give every filter the same answer, and a store that can only
/// be run elsewhere (MongoDB) can at least prove that it translates each of them.
/// </summary>
public static class FilterCorpus
{
    /// <summary>Filter, then the user names it finds, comma-separated (empty: none).</summary>
    public static TheoryData<string, string> Cases { get; } = new()
    {
        // eq, and caseExact=false on userName (RFC 7643 §4.1.1)
        { "userName eq \"alice@x.org\"", "alice@x.org" },
        { "userName eq \"ALICE@X.ORG\"", "alice@x.org" },
        { "USERNAME Eq \"bob@x.org\"", "Bob@X.org" },
        { "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"dave@example.org\"", "dave@example.org" },
        { "externalId eq \"E-1\"", "alice@x.org" },
        { "externalId eq \"e-1\"", "" },
        { "userType ne \"Employee\"", "Bob@X.org,dave@example.org,eve@x.org,frank@example.org" },
        { "name.familyName co \"O'Malley\"", "alice@x.org" },
        { "name.familyName eq \"JENSEN\"", "carol@example.com,dave@example.org" },
        { "userName sw \"A\"", "alice@x.org" },
        { "userName ew \"@X.ORG\"", "alice@x.org,Bob@X.org,eve@x.org" },
        { "userName co \"example\"", "carol@example.com,dave@example.org,frank@example.org" },
        { "title pr", "alice@x.org,dave@example.org" },
        { "emails pr", "alice@x.org,Bob@X.org,carol@example.com,eve@x.org" },
        { "title pr and userType eq \"Employee\"", "alice@x.org" },
        { "title pr or userType eq \"Intern\"", "alice@x.org,Bob@X.org,dave@example.org" },
        { "userType eq \"Intern\" or userType eq \"Employee\" and title pr", "alice@x.org,Bob@X.org" },
        { "(userType eq \"Intern\" or userType eq \"Employee\") and title pr", "alice@x.org" },
        { "not (userType eq \"Employee\")", "Bob@X.org,dave@example.org,eve@x.org,frank@example.org" },
        { "userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")", "dave@example.org,frank@example.org" },
        { "emails co \"example.com\"", "alice@x.org,carol@example.com,eve@x.org" },
        { "emails.type eq \"home\"", "alice@x.org,carol@example.com" },
        { "userType eq \"Employee\" and (emails.type eq \"work\")", "alice@x.org" },
        { "emails[type eq \"work\" and value co \"@example.com\"]", "alice@x.org,eve@x.org" },
        { "emails[type eq \"home\" and value co \"@example.com\"]", "carol@example.com" },
        { "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]", "alice@x.org,eve@x.org,frank@example.org" },
        { "emails[primary eq true]", "alice@x.org,eve@x.org" },
        { "emails[type eq \"work\"].value eq \"ALICE@example.com\"", "alice@x.org" },
        { "emails[type eq \"work\"].value eq \"alice@home.net\"", "" },
        { "emails[type eq \"work\"].value ne \"alice@example.com\"", "Bob@X.org,eve@x.org" },
        { "emails[type eq \"work\"].value co \"@EXAMPLE.com\"", "alice@x.org,eve@x.org" },
        { "emails[type eq \"work\"].value sw \"bob\"", "Bob@X.org" },
        { "emails[type eq \"work\"].value ew \".org\"", "Bob@X.org" },
        { "emails[type eq \"work\"].value gt \"bob@example.org\"", "eve@x.org" },
        { "emails[type eq \"work\"].value ge \"BOB@example.org\"", "Bob@X.org,eve@x.org" },
        { "emails[type eq \"work\"].value lt \"bob@example.org\"", "alice@x.org" },
        { "emails[type eq \"work\"].value le \"BOB@example.org\"", "alice@x.org,Bob@X.org" },
        { "emails[type eq \"work\"].value pr", "alice@x.org,Bob@X.org,eve@x.org" },
        { "emails[type eq \"home\"].value pr", "alice@x.org,carol@example.com" },
        { "emails[type eq \"work\" or type eq \"home\"].value co \"carol\"", "carol@example.com" },
        { "emails[primary eq true].value ew \"@example.com\"", "alice@x.org,eve@x.org" },
        { "urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"work\"].value eq \"bob@example.org\"", "Bob@X.org" },
        { "userType eq \"Employee\" and emails[type eq \"work\"].value co \"@example.com\"", "alice@x.org" },
        { "emails[type eq \"home\"].value ew \".net\" or emails[type eq \"work\"].value sw \"eve\"", "alice@x.org,eve@x.org" },
        { "not (emails[type eq \"work\"].value co \"@example.com\")", "Bob@X.org,carol@example.com,dave@example.org,frank@example.org" },
        { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"Engineering\"", "alice@x.org,eve@x.org" },
        { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"mgr-1\"", "alice@x.org,Bob@X.org" },
        { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"100\"", "alice@x.org" },
        { "urn:ietf:params:scim:schemas:extension:access:2.0:User:roles eq \"analyst\"", "alice@x.org,Bob@X.org,dave@example.org,eve@x.org,frank@example.org" },
        { "urn:ietf:params:scim:schemas:extension:access:2.0:User:roles eq \"TenantAdmin\"", "carol@example.com" },
        { "roles.value eq \"Developer\"", "alice@x.org" },
        { "schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"", "alice@x.org,Bob@X.org,eve@x.org" },
        { "active eq false", "Bob@X.org" },
        { "active eq true", "alice@x.org,carol@example.com,dave@example.org,frank@example.org" },
        { "not (active eq true)", "Bob@X.org,eve@x.org" },
        { "userName gt \"dave@example.org\"", "eve@x.org,frank@example.org" },
        { "userName le \"bob@x.org\"", "alice@x.org,Bob@X.org" },
        { "userName eq \"nobody@nowhere\"", "" },

        // Filters that once answered 200 on SQLite and 500 on MongoDB (issue 13): an ordering compare inside a value
        // filter, a case-insensitive compare on a "$ref", a NUL in a value that reaches a regular expression.
        { "emails[value gt \"d\"]", "eve@x.org" },
        { "emails[type eq \"work\" and value le \"ALICE@example.com\"]", "alice@x.org" },
        { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.$ref eq \"HTTPS://X.EXAMPLE/Users/MGR-1\"", "alice@x.org" },
        { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.$ref sw \"https://x.example/users/\"", "alice@x.org,Bob@X.org" },
        { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.$ref gt \"HTTPS://X.EXAMPLE/USERS/MGR-1\"", "Bob@X.org" },
        { "title co \"\\u0000\"", "" },
        { "userName eq \"alice@x.org\\u0000\"", "" },
        { "name.familyName sw \"o'\\u0000\"", "" },
        { "nickName ew \"ky\\u0000\"", "" },

        // Accented capitals fold as ScimText.Fold folds them (É to é), on every store, in equality and in order.
        { "name.familyName eq \"émile\"", "frank@example.org" },
        { "name.familyName ge \"émile\"", "frank@example.org" },
        { "displayName ge \"ÉMILE\"", "frank@example.org" },
        { "displayName lt \"e\"", "dave@example.org" },
    };
}
