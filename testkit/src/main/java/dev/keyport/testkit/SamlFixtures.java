package dev.keyport.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Unsigned SAMLResponse documents copied from what each identity provider sends (attribute names, value types, pair
 * order, whitespace, timestamp precision, namespace prefixes), for tests of how an assertion is read. They are
 * hand-written text, not OpenSAML output, because the tests depend on these exact bytes; {@link SamlFixtureBuilder}
 * makes the minimal ones, {@link SamlResponseFactory} the signed ones that must verify.
 *
 * <p>All times are relative to the {@code now} passed in, so a test chooses whether the document is current.
 */
public final class SamlFixtures {
    // the AWS attribute names under the short names the assertion tests use
    public static final String ROLE = SamlResponseFactory.ROLE_ATTRIBUTE;
    public static final String SESSION_NAME = SamlResponseFactory.ROLE_SESSION_NAME_ATTRIBUTE;
    public static final String SESSION_DURATION = SamlResponseFactory.SESSION_DURATION_ATTRIBUTE;

    /** The pairs in the IdP documents: Okta and Azure carry both, Google A, OneLogin B. */
    public static final String ROLE_A = "arn:aws:iam::123456789012:role/SSO.AdminRole";
    public static final String IDP_A = "arn:aws:iam::123456789012:saml-provider/Okta";
    public static final String ROLE_B = "arn:aws:iam::210987654321:role/path/to/ReadOnly";
    public static final String IDP_B = "arn:aws:iam::210987654321:saml-provider/Corp.IdP";

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private SamlFixtures() {
    }

    /** As posted: see {@link SamlResponseFactory#base64(String)}. */
    public static String b64(String xml) {
        return SamlResponseFactory.base64(xml);
    }

    /** A SAML timestamp with milliseconds, e.g. 2024-05-01T10:00:00.123Z (Okta, Google). */
    public static String ms(Instant t) {
        return MILLIS.format(t);
    }

    /** A SAML timestamp in whole seconds, e.g. 2024-05-01T10:00:00Z (OneLogin). */
    public static String sec(Instant t) {
        return SECONDS.format(t);
    }

    /** A time in the test's own "now", truncated to what a millisecond timestamp can carry. */
    public static Instant nowMillis() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    // Where each IdP puts its ds:Signature, with fixed placeholder values: these documents are for reading only
    // (nothing verifies them); signatures that must verify come from SamlResponseFactory.
    private static final String SIGNATURE = """
            <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>\
            <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>\
            <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>\
            <ds:Reference URI="#%s"><ds:Transforms>\
            <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>\
            <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#">\
            <ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/>\
            </ds:Transform></ds:Transforms>\
            <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>\
            <ds:DigestValue>q7V0AkYYbXkq2lXh0HcVjv9VVfF1ZqUQd0nJ2A2Qbq8=</ds:DigestValue></ds:Reference>\
            </ds:SignedInfo><ds:SignatureValue>ZmFrZXNpZ25hdHVyZQ==</ds:SignatureValue>\
            <ds:KeyInfo><ds:X509Data><ds:X509Certificate>MIIBfake</ds:X509Certificate></ds:X509Data></ds:KeyInfo>\
            </ds:Signature>""";

    /**
     * Okta (OIE): provider first, Response and Assertion signed, Issuer/NameID/values wrapped in newlines and
     * indentation, ms timestamps, audience urn:amazon:webservices, SessionDuration as xs:string.
     */
    public static String okta(Instant now) {
        return """
                <?xml version="1.0" encoding="UTF-8"?><saml2p:Response \
                xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
                Destination="https://signin.aws.amazon.com/saml" ID="id1" IssueInstant="%1$s" Version="2.0">
                  <saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" \
                Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">
                        http://www.okta.com/exk1fakeAppKey
                  </saml2:Issuer>
                  %4$s
                  <saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status>
                  <saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="id2" \
                IssueInstant="%1$s" Version="2.0">
                    <saml2:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">
                        http://www.okta.com/exk1fakeAppKey
                    </saml2:Issuer>
                    %5$s
                    <saml2:Subject>
                      <saml2:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:unspecified">
                        jane.doe
                      </saml2:NameID>
                      <saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
                        <saml2:SubjectConfirmationData NotOnOrAfter="%3$s" \
                Recipient="https://signin.aws.amazon.com/saml"/>
                      </saml2:SubjectConfirmation>
                    </saml2:Subject>
                    <saml2:Conditions NotBefore="%2$s" NotOnOrAfter="%3$s">
                      <saml2:AudienceRestriction>
                        <saml2:Audience>urn:amazon:webservices</saml2:Audience>
                      </saml2:AudienceRestriction>
                    </saml2:Conditions>
                    <saml2:AuthnStatement AuthnInstant="%1$s" SessionIndex="id3" SessionNotOnOrAfter="%6$s">
                      <saml2:AuthnContext><saml2:AuthnContextClassRef>\
                urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport\
                </saml2:AuthnContextClassRef></saml2:AuthnContext>
                    </saml2:AuthnStatement>
                    <saml2:AttributeStatement>
                      <saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role" \
                NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">
                        <saml2:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
                xsi:type="xs:string">
                          %7$s,%8$s
                        </saml2:AttributeValue>
                        <saml2:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
                xsi:type="xs:string">
                          %9$s,%10$s
                        </saml2:AttributeValue>
                      </saml2:Attribute>
                      <saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName" \
                NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">
                        <saml2:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
                xsi:type="xs:string">
                          jane.doe@example.com
                        </saml2:AttributeValue>
                      </saml2:Attribute>
                      <saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration" \
                NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">
                        <saml2:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
                xsi:type="xs:string">7200</saml2:AttributeValue>
                      </saml2:Attribute>
                    </saml2:AttributeStatement>
                  </saml2:Assertion>
                </saml2p:Response>
                """.formatted(ms(now), ms(now.minus(Duration.ofMinutes(5))), ms(now.plus(Duration.ofMinutes(5))),
                SIGNATURE.formatted("id1"), SIGNATURE.formatted("id2"), ms(now.plus(Duration.ofHours(8))),
                IDP_A, ROLE_A, IDP_B, ROLE_B);
    }

    /**
     * Google Workspace: role first, assertion signed only, SessionDuration xsi:type="xs:anyType", ms timestamps,
     * default-namespace protocol elements with saml: assertion elements.
     */
    public static String google(Instant now) {
        return """
                <?xml version="1.0" encoding="UTF-8" standalone="no"?>\
                <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" \
                Destination="https://signin.aws.amazon.com/saml" ID="_8a" IssueInstant="%1$s" Version="2.0">\
                <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">\
                https://accounts.google.com/o/saml2?idpid=C01abcdef</saml:Issuer>\
                <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>\
                <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_9b" \
                IssueInstant="%1$s" Version="2.0">\
                <saml:Issuer>https://accounts.google.com/o/saml2?idpid=C01abcdef</saml:Issuer>%4$s\
                <saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">\
                jane@example.com</saml:NameID>\
                <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">\
                <saml:SubjectConfirmationData NotOnOrAfter="%3$s" Recipient="https://signin.aws.amazon.com/saml"/>\
                </saml:SubjectConfirmation></saml:Subject>\
                <saml:Conditions NotBefore="%2$s" NotOnOrAfter="%3$s"><saml:AudienceRestriction>\
                <saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience></saml:AudienceRestriction>\
                </saml:Conditions>\
                <saml:AttributeStatement>\
                <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration">\
                <saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" \
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:anyType">28800\
                </saml:AttributeValue></saml:Attribute>\
                <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">\
                <saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" \
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:anyType">jane@example.com\
                </saml:AttributeValue></saml:Attribute>\
                <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">\
                <saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" \
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:anyType">%5$s,%6$s\
                </saml:AttributeValue></saml:Attribute>\
                </saml:AttributeStatement>\
                <saml:AuthnStatement AuthnInstant="%1$s" SessionIndex="_9b"><saml:AuthnContext>\
                <saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified\
                </saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>\
                </saml:Assertion></samlp:Response>""".formatted(ms(now.minusMillis(875)),
                ms(now.minus(Duration.ofMinutes(5)).plusMillis(125)), ms(now.plus(Duration.ofMinutes(5)).plusMillis(125)),
                SIGNATURE.formatted("_9b"), ROLE_A, IDP_A);
    }

    /**
     * Azure AD: role first, the same values repeated under the Microsoft role claim, extra claims, .000Z timestamps.
     */
    public static String azure(Instant now) {
        return """
                <samlp:Response ID="_a1" Version="2.0" IssueInstant="%1$s" \
                Destination="https://signin.aws.amazon.com/saml" \
                xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">\
                <Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">\
                https://sts.windows.net/00000000-1111-2222-3333-444444444444/</Issuer>\
                <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>\
                <Assertion ID="_a2" IssueInstant="%1$s" Version="2.0" xmlns="urn:oasis:names:tc:SAML:2.0:assertion">\
                <Issuer>https://sts.windows.net/00000000-1111-2222-3333-444444444444/</Issuer>%4$s\
                <Subject><NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">\
                jane@example.com</NameID>\
                <SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">\
                <SubjectConfirmationData NotOnOrAfter="%3$s" Recipient="https://signin.aws.amazon.com/saml"/>\
                </SubjectConfirmation></Subject>\
                <Conditions NotBefore="%2$s" NotOnOrAfter="%3$s"><AudienceRestriction>\
                <Audience>https://signin.aws.amazon.com/saml#1</Audience></AudienceRestriction></Conditions>\
                <AttributeStatement>\
                <Attribute Name="http://schemas.microsoft.com/identity/claims/tenantid">\
                <AttributeValue>00000000-1111-2222-3333-444444444444</AttributeValue></Attribute>\
                <Attribute Name="http://schemas.microsoft.com/identity/claims/objectidentifier">\
                <AttributeValue>55555555-6666-7777-8888-999999999999</AttributeValue></Attribute>\
                <Attribute Name="http://schemas.microsoft.com/ws/2008/06/identity/claims/role">\
                <AttributeValue>%5$s,%6$s</AttributeValue>\
                <AttributeValue>%7$s,%8$s</AttributeValue>\
                <AttributeValue>arn:aws:iam::999999999999:role/OnlyInMsClaim,\
                arn:aws:iam::999999999999:saml-provider/AzureAD</AttributeValue></Attribute>\
                <Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">\
                <AttributeValue>%5$s,%6$s</AttributeValue>\
                <AttributeValue>%7$s,%8$s</AttributeValue></Attribute>\
                <Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">\
                <AttributeValue>jane@example.com</AttributeValue></Attribute>\
                <Attribute Name="http://schemas.microsoft.com/claims/authnmethodsreferences">\
                <AttributeValue>http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password\
                </AttributeValue></Attribute>\
                <Attribute Name="https://lakeformation.amazon.com/SAML/Attributes/Username">\
                <AttributeValue>jane</AttributeValue></Attribute>\
                </AttributeStatement>\
                <AuthnStatement AuthnInstant="%1$s" SessionIndex="_a2"><AuthnContext>\
                <AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</AuthnContextClassRef>\
                </AuthnContext></AuthnStatement>\
                </Assertion></samlp:Response>""".formatted(ms000(now), ms000(now.minus(Duration.ofMinutes(5))),
                ms000(now.plus(Duration.ofMinutes(5))), SIGNATURE.formatted("_a2"),
                ROLE_A, IDP_A, ROLE_B, IDP_B);
    }

    private static String ms000(Instant t) {
        return sec(t).replace("Z", ".000Z");
    }

    /** OneLogin: role first, a "Default" placeholder value, timestamps without fractional seconds. */
    public static String oneLogin(Instant now) {
        return """
                <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" \
                xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="R1" Version="2.0" IssueInstant="%1$s" \
                Destination="https://signin.aws.amazon.com/saml">\
                <saml:Issuer>https://app.onelogin.com/saml/metadata/123456</saml:Issuer>\
                <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>\
                <saml:Assertion ID="A1" Version="2.0" IssueInstant="%1$s">\
                <saml:Issuer>https://app.onelogin.com/saml/metadata/123456</saml:Issuer>\
                <saml:Subject><saml:NameID>jane@example.com</saml:NameID>\
                <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">\
                <saml:SubjectConfirmationData NotOnOrAfter="%3$s" Recipient="https://signin.aws.amazon.com/saml"/>\
                </saml:SubjectConfirmation></saml:Subject>\
                <saml:Conditions NotBefore="%2$s" NotOnOrAfter="%3$s"><saml:AudienceRestriction>\
                <saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience></saml:AudienceRestriction>\
                </saml:Conditions>\
                <saml:AttributeStatement>\
                <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role" \
                NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">\
                <saml:AttributeValue>Default</saml:AttributeValue>\
                <saml:AttributeValue>%4$s,%5$s</saml:AttributeValue></saml:Attribute>\
                <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">\
                <saml:AttributeValue>jane</saml:AttributeValue></saml:Attribute>\
                </saml:AttributeStatement></saml:Assertion></samlp:Response>"""
                .formatted(sec(now), sec(now.minus(Duration.ofMinutes(3))), sec(now.plus(Duration.ofMinutes(3))),
                        ROLE_B, IDP_B);
    }
}
