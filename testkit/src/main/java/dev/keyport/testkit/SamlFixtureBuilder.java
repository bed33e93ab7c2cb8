package dev.keyport.testkit;

import static dev.keyport.testkit.SamlFixtures.ms;
import static dev.keyport.testkit.SamlFixtures.ROLE;
import static dev.keyport.testkit.SamlFixtures.SESSION_NAME;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A configurable, minimal unsigned Response for the assertion-reading cases that are not about one IdP's look (the
 * IdP-shaped ones are {@link SamlFixtures}): destination, recipient, validity, session name and Role attributes, with
 * any attribute value or extra XML inserted verbatim so that a test can feed exactly the text it is about.
 * Hand-built text, like {@link SamlFixtures}, because tests cut and edit it as a string. Not thread-safe.
 */
public final class SamlFixtureBuilder {
    private String destination = SamlResponseFactory.ACS_AWS;
    private String recipient = SamlResponseFactory.ACS_AWS;
    private String notBefore;
    private String notOnOrAfter;
    private String scdNotOnOrAfter;
    private String sessionName = "jane@example.com";
    private final List<List<String>> roleAttributes = new ArrayList<>();
    private String extraAttributes = "";

    /** Valid from five minutes before {@code now} to five minutes after, as the IdP documents are. */
    public SamlFixtureBuilder(Instant now) {
        notBefore = ms(now.minus(Duration.ofMinutes(5)));
        notOnOrAfter = ms(now.plus(Duration.ofMinutes(5)));
        scdNotOnOrAfter = notOnOrAfter;
    }

    public SamlFixtureBuilder destination(String d) {
        destination = d;
        return this;
    }

    public SamlFixtureBuilder recipient(String r) {
        recipient = r;
        return this;
    }

    public SamlFixtureBuilder validity(Instant from, Instant until) {
        notBefore = from == null ? null : ms(from);
        notOnOrAfter = until == null ? null : ms(until);
        scdNotOnOrAfter = notOnOrAfter;
        return this;
    }

    public SamlFixtureBuilder scdNotOnOrAfter(Instant until) {
        scdNotOnOrAfter = ms(until);
        return this;
    }

    public SamlFixtureBuilder sessionName(String s) {
        sessionName = s;
        return this;
    }

    /** One Role attribute with these AttributeValue texts (inserted verbatim: escape yourself). */
    public SamlFixtureBuilder roleAttribute(String... values) {
        roleAttributes.add(List.of(values));
        return this;
    }

    public SamlFixtureBuilder extraAttributes(String xml) {
        extraAttributes = xml;
        return this;
    }

    /** The document as text (no XML declaration, no signature), for tests that edit it before encoding. */
    public String xml() {
        StringBuilder attrs = new StringBuilder();
        for (List<String> values : roleAttributes) {
            attrs.append("<saml:Attribute Name=\"").append(ROLE).append("\">");
            for (String v : values) {
                attrs.append("<saml:AttributeValue>").append(v).append("</saml:AttributeValue>");
            }
            attrs.append("</saml:Attribute>");
        }
        if (sessionName != null) {
            attrs.append("<saml:Attribute Name=\"").append(SESSION_NAME).append("\"><saml:AttributeValue>")
                    .append(sessionName).append("</saml:AttributeValue></saml:Attribute>");
        }
        attrs.append(extraAttributes);
        return "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"r\" Version=\"2.0\""
                + (destination == null ? "" : " Destination=\"" + destination + "\"") + ">"
                + "<saml:Issuer>https://idp.example.com/</saml:Issuer>"
                + "<saml:Assertion ID=\"a\" Version=\"2.0\"><saml:Issuer>https://idp.example.com/assertion"
                + "</saml:Issuer><saml:Subject><saml:SubjectConfirmation"
                + " Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><saml:SubjectConfirmationData"
                + (scdNotOnOrAfter == null ? "" : " NotOnOrAfter=\"" + scdNotOnOrAfter + "\"")
                + (recipient == null ? "" : " Recipient=\"" + recipient + "\"")
                + "/></saml:SubjectConfirmation></saml:Subject><saml:Conditions"
                + (notBefore == null ? "" : " NotBefore=\"" + notBefore + "\"")
                + (notOnOrAfter == null ? "" : " NotOnOrAfter=\"" + notOnOrAfter + "\"")
                + "/><saml:AttributeStatement>" + attrs + "</saml:AttributeStatement></saml:Assertion>"
                + "</samlp:Response>";
    }

    /** {@link #xml()} as posted. */
    public String base64() {
        return SamlResponseFactory.base64(xml());
    }
}
