package dev.keyport.assertion;

import dev.keyport.aws.Partition;
import dev.keyport.testkit.SamlFixtureBuilder;
import dev.keyport.testkit.SamlFixtures;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.keyport.testkit.SamlFixtures.IDP_A;
import static dev.keyport.testkit.SamlFixtures.IDP_B;
import static dev.keyport.testkit.SamlFixtures.ROLE_A;
import static dev.keyport.testkit.SamlFixtures.ROLE_B;
import static dev.keyport.testkit.SamlFixtures.b64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamlAssertionReaderTest {
    private final SamlAssertionReader reader = new SamlAssertionReader(1024 * 1024);

    private static final Optional<Partition.AcsEndpoint> AWS_GLOBAL =
            Optional.of(new Partition.AcsEndpoint(Partition.AWS, Optional.empty()));

    @Test
    void oktaProviderFirstSignedAndPadded() {
        Instant now = SamlFixtures.nowMillis();
        String xml = SamlFixtures.okta(now);
        // the Okta OIE look: the base64 itself arrives wrapped in newlines and indentation
        String input = "\n   " + wrap(b64(xml), 76, "\r\n   ") + "\n";
        SamlAssertion a = reader.read(input);

        assertEquals("http://www.okta.com/exk1fakeAppKey", a.issuer());
        assertEquals(List.of(new RolePair(ROLE_A, IDP_A), new RolePair(ROLE_B, IDP_B)), a.rolePairs());
        assertEquals(Optional.of("https://signin.aws.amazon.com/saml"), a.destination());
        assertEquals(Optional.of("https://signin.aws.amazon.com/saml"), a.recipient());
        assertEquals(List.of("urn:amazon:webservices"), a.audiences());
        assertEquals(Optional.of(now.minus(Duration.ofMinutes(5))), a.notBefore());
        assertEquals(Optional.of(now.plus(Duration.ofMinutes(5))), a.notOnOrAfter());
        assertEquals(Optional.of(now.plus(Duration.ofHours(8))), a.sessionNotOnOrAfter());
        assertEquals(Optional.of("jane.doe@example.com"), a.roleSessionName());
        assertEquals(OptionalInt.of(7200), a.sessionDuration());
        assertFalse(a.encrypted());
        assertEquals(AWS_GLOBAL, a.acsEndpoint());
        assertSame(input, a.samlResponse());
    }

    @Test
    void googleRoleFirstAnyTypeAndMillis() {
        Instant now = SamlFixtures.nowMillis();
        SamlAssertion a = reader.read(b64(SamlFixtures.google(now)));
        assertEquals("https://accounts.google.com/o/saml2?idpid=C01abcdef", a.issuer());
        assertEquals(List.of(new RolePair(ROLE_A, IDP_A)), a.rolePairs());
        assertEquals(OptionalInt.of(28800), a.sessionDuration());
        assertEquals(Optional.of("jane@example.com"), a.roleSessionName());
        assertEquals(Optional.of(now.minus(Duration.ofMinutes(5)).plusMillis(125)), a.notBefore());
        assertEquals(Optional.of(now.plus(Duration.ofMinutes(5)).plusMillis(125)), a.notOnOrAfter());
        assertEquals(List.of("https://signin.aws.amazon.com/saml"), a.audiences());
        assertEquals(Optional.empty(), a.sessionNotOnOrAfter());
        assertEquals(AWS_GLOBAL, a.acsEndpoint());
    }

    @Test
    void azureRoleFirstIgnoresTheMicrosoftRoleClaim() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SamlAssertionReading reading = reader.readWithNotes(b64(SamlFixtures.azure(now)));
        SamlAssertion a = reading.assertion();
        assertEquals("https://sts.windows.net/00000000-1111-2222-3333-444444444444/", a.issuer());
        // the pairs repeated under the Microsoft claim are neither doubled nor added
        assertEquals(List.of(new RolePair(ROLE_A, IDP_A), new RolePair(ROLE_B, IDP_B)), a.rolePairs());
        assertEquals(List.of("https://signin.aws.amazon.com/saml#1"), a.audiences());
        assertEquals(Optional.of(now.plus(Duration.ofMinutes(5))), a.notOnOrAfter());
        assertEquals(Optional.of("jane@example.com"), a.roleSessionName());
        assertEquals(OptionalInt.empty(), a.sessionDuration());
        assertEquals(List.of(), reading.notes());
    }

    @Test
    void oneLoginDefaultPlaceholderIsSkippedAndWholeSecondsParse() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SamlAssertionReading reading = reader.readWithNotes(b64(SamlFixtures.oneLogin(now)));
        SamlAssertion a = reading.assertion();
        assertEquals(List.of(new RolePair(ROLE_B, IDP_B)), a.rolePairs());
        assertEquals(Optional.of(now.minus(Duration.ofMinutes(3))), a.notBefore());
        assertEquals(Optional.of(now.plus(Duration.ofMinutes(3))), a.notOnOrAfter());
        assertEquals(Optional.of("jane"), a.roleSessionName());
        assertEquals(1, reading.notes().size(), reading.notes().toString());
        assertTrue(reading.notes().get(0).startsWith("Role value #1 skipped"), reading.notes().toString());
        assertFalse(reading.notes().get(0).contains("Default"), "notes never quote the assertion");
    }

    @Test
    void trailingCommaPathsDotsSeveralValuesAndSeveralAttributes() {
        Instant now = Instant.now();
        SamlAssertionReading reading = reader.readWithNotes(new SamlFixtureBuilder(now)
                .roleAttribute(ROLE_A + "," + IDP_A + ",",
                        "\n\t " + IDP_B + " ,\n " + ROLE_B + "\t\n",
                        ROLE_A + "," + IDP_A)
                .roleAttribute("arn:aws:iam::111122223333:role/team/dev/App.Deployer@ci," + IDP_A,
                        "junk", "", ROLE_A + "," + ROLE_B, ROLE_A + "," + IDP_A + "," + IDP_B)
                .base64());
        SamlAssertion a = reading.assertion();
        assertEquals(List.of(new RolePair(ROLE_A, IDP_A), new RolePair(ROLE_B, IDP_B),
                new RolePair("arn:aws:iam::111122223333:role/team/dev/App.Deployer@ci", IDP_A)), a.rolePairs());
        List<String> notes = reading.notes();
        assertEquals(5, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("Role value #3 repeats"), notes.toString());
        assertTrue(notes.get(1).startsWith("Role value #5 skipped"), notes.toString());
        assertTrue(notes.get(2).startsWith("Role value #6 skipped: it is empty"), notes.toString());
        assertTrue(notes.get(3).contains("#7") && notes.get(3).contains("2 role ARN(s) and 0"), notes.toString());
        assertTrue(notes.get(4).contains("#8") && notes.get(4).contains("1 role ARN(s) and 2"), notes.toString());
        for (String note : notes) {
            assertFalse(note.contains("arn:"), "notes never quote the assertion: " + note);
        }
    }

    @Test
    void mixedPrefixesInOneDocument() {
        Instant now = Instant.now();
        String xml = """
                <Response xmlns="urn:oasis:names:tc:SAML:2.0:protocol" ID="x" Version="2.0" \
                Destination="https://signin.aws.amazon.com/saml">\
                <saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">https://adfs.example/</saml2:Issuer>\
                <a:Assertion xmlns:a="urn:oasis:names:tc:SAML:2.0:assertion" ID="y" Version="2.0">\
                <a:Issuer>https://adfs.example/</a:Issuer>\
                <Conditions xmlns="urn:oasis:names:tc:SAML:2.0:assertion" NotOnOrAfter="%s"/>\
                <saml2:AttributeStatement xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">\
                <Attribute xmlns="urn:oasis:names:tc:SAML:2.0:assertion" \
                Name="https://aws.amazon.com/SAML/Attributes/Role">\
                <saml2:AttributeValue>%s,%s</saml2:AttributeValue></Attribute>\
                <samlp:Attribute xmlns:samlp="urn:oasis:names:tc:SAML:2.0:assertion" \
                Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">\
                <AttributeValue xmlns="urn:oasis:names:tc:SAML:2.0:assertion">EXAMPLE.user</AttributeValue>\
                </samlp:Attribute>\
                <x:Attribute xmlns:x="urn:example:not-saml" Name="https://aws.amazon.com/SAML/Attributes/Role">\
                <x:AttributeValue>arn:aws:iam::999999999999:role/Wrong,\
                arn:aws:iam::999999999999:saml-provider/Wrong</x:AttributeValue></x:Attribute>\
                </saml2:AttributeStatement></a:Assertion></Response>"""
                .formatted(SamlFixtures.ms(now.plusSeconds(300)), IDP_A, ROLE_A);
        SamlAssertion a = reader.read(b64(xml));
        assertEquals("https://adfs.example/", a.issuer());
        assertEquals(List.of(new RolePair(ROLE_A, IDP_A)), a.rolePairs());
        assertEquals(Optional.of("EXAMPLE.user"), a.roleSessionName());
        assertEquals(Optional.of(now.plusSeconds(300).truncatedTo(ChronoUnit.MILLIS)), a.notOnOrAfter());
    }

    @Test
    void encryptedAssertion() {
        String xml = """
                <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="e" Version="2.0" \
                Destination="https://signin.aws.amazon.com/saml">\
                <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">https://idp.example/enc</saml:Issuer>\
                <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>\
                <saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">\
                <xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" \
                Type="http://www.w3.org/2001/04/xmlenc#Element"><xenc:CipherData>\
                <xenc:CipherValue>ZHVtbXkgY2lwaGVydGV4dA==</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>\
                </saml:EncryptedAssertion></samlp:Response>""";
        SamlAssertionReading reading = reader.readWithNotes(b64(xml));
        SamlAssertion a = reading.assertion();
        assertTrue(a.encrypted());
        assertEquals("https://idp.example/enc", a.issuer());
        assertEquals(List.of(), a.rolePairs());
        assertEquals(Optional.empty(), a.notOnOrAfter());
        assertEquals(Optional.empty(), a.roleSessionName());
        assertEquals(AWS_GLOBAL, a.acsEndpoint());
        assertTrue(reading.notes().get(0).contains("encrypted"), reading.notes().toString());
    }

    @Test
    void noDestinationFallsBackToRecipient() {
        SamlAssertion a = reader.read(new SamlFixtureBuilder(Instant.now()).destination(null)
                .recipient("https://signin.amazonaws.cn/saml").roleAttribute(ROLE_A + "," + IDP_A).base64());
        assertEquals(Optional.empty(), a.destination());
        assertEquals(Optional.of("https://signin.amazonaws.cn/saml"), a.recipient());
        assertEquals(Optional.of(new Partition.AcsEndpoint(Partition.AWS_CN, Optional.empty())), a.acsEndpoint());
    }

    @Test
    void destinationWinsOverRecipient() {
        SamlAssertion a = reader.read(new SamlFixtureBuilder(Instant.now())
                .destination("https://signin.amazonaws-us-gov.com/saml")
                .recipient("https://signin.aws.amazon.com/saml").base64());
        assertEquals(Partition.AWS_US_GOV, a.acsEndpoint().orElseThrow().partition());
    }

    @Test
    void regionalGovCloudAndChinaAcs() {
        assertEquals(Optional.of(new Partition.AcsEndpoint(Partition.AWS, Optional.of("eu-central-1"))),
                reader.read(new SamlFixtureBuilder(Instant.now())
                        .destination("https://eu-central-1.signin.aws.amazon.com/saml").base64()).acsEndpoint());
        String gov = "arn:aws-us-gov:iam::123456789012:role/GovAdmin";
        String govIdp = "arn:aws-us-gov:iam::123456789012:saml-provider/Okta";
        SamlAssertion g = reader.read(new SamlFixtureBuilder(Instant.now())
                .destination("https://signin.amazonaws-us-gov.com/saml").roleAttribute(govIdp + "," + gov).base64());
        assertEquals(Optional.of(new Partition.AcsEndpoint(Partition.AWS_US_GOV, Optional.empty())), g.acsEndpoint());
        assertEquals(List.of(new RolePair(gov, govIdp)), g.rolePairs());
        String cn = "arn:aws-cn:iam::123456789012:role/CnAdmin";
        String cnIdp = "arn:aws-cn:iam::123456789012:saml-provider/Okta";
        SamlAssertion c = reader.read(new SamlFixtureBuilder(Instant.now())
                .destination("https://signin.amazonaws.cn/saml").roleAttribute(cn + "," + cnIdp).base64());
        assertEquals(Partition.AWS_CN, c.acsEndpoint().orElseThrow().partition());
        assertEquals(List.of(new RolePair(cn, cnIdp)), c.rolePairs());
    }

    @Test
    void nonAwsDestinationGivesNoAcs() {
        SamlAssertion a = reader.read(new SamlFixtureBuilder(Instant.now())
                .destination("https://proxy.example/saml").recipient(null).base64());
        assertEquals(Optional.of("https://proxy.example/saml"), a.destination());
        assertEquals(Optional.empty(), a.acsEndpoint());
    }

    @Test
    void bareAssertionRootIsAccepted() {
        String xml = """
                <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="a" Version="2.0">\
                <saml:Issuer>https://idp.example/bare</saml:Issuer><saml:AttributeStatement>\
                <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">\
                <saml:AttributeValue>%s,%s</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>\
                </saml:Assertion>""".formatted(ROLE_B, IDP_B);
        SamlAssertion a = reader.read(b64(xml));
        assertEquals("https://idp.example/bare", a.issuer());
        assertEquals(List.of(new RolePair(ROLE_B, IDP_B)), a.rolePairs());
        assertEquals(Optional.empty(), a.destination());
        assertEquals(Optional.empty(), a.notOnOrAfter());
    }

    @Test
    void validityTakesTheLatestStartAndEarliestEnd() {
        Instant now = SamlFixtures.nowMillis();
        SamlAssertion a = reader.read(new SamlFixtureBuilder(now)
                .validity(now.minusSeconds(60), now.plusSeconds(600)).scdNotOnOrAfter(now.plusSeconds(300))
                .base64());
        assertEquals(Optional.of(now.minusSeconds(60)), a.notBefore());
        assertEquals(Optional.of(now.plusSeconds(300)), a.notOnOrAfter());
    }

    @Test
    void nonNumericSessionDurationIsIgnoredWithANote() {
        SamlAssertionReading r = reader.readWithNotes(new SamlFixtureBuilder(Instant.now())
                .roleAttribute(ROLE_A + "," + IDP_A)
                .extraAttributes("<saml:Attribute Name=\"" + SamlFixtures.SESSION_DURATION + "\">"
                        + "<saml:AttributeValue>8h</saml:AttributeValue></saml:Attribute>").base64());
        assertEquals(OptionalInt.empty(), r.assertion().sessionDuration());
        assertEquals(List.of("SessionDuration is not a whole number of seconds; ignored"), r.notes());
    }

    @Test
    void attributeNamesMatchExactly() {
        SamlAssertion a = reader.read(new SamlFixtureBuilder(Instant.now()).sessionName(null)
                .extraAttributes("<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/role\">"
                        + "<saml:AttributeValue>" + ROLE_A + "," + IDP_A + "</saml:AttributeValue></saml:Attribute>"
                        + "<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/RoleSessionname\">"
                        + "<saml:AttributeValue>jane</saml:AttributeValue></saml:Attribute>").base64());
        assertEquals(List.of(), a.rolePairs());
        assertEquals(Optional.empty(), a.roleSessionName());
    }

    @Test
    void samlResponseIsKeptExactlyAsReceived() {
        String base64 = new SamlFixtureBuilder(Instant.now()).roleAttribute(ROLE_A + "," + IDP_A).base64();
        String input = " \t" + wrap(base64, 64, "\n") + "\r\n\n ";
        SamlAssertion a = reader.read(input);
        assertEquals(input, a.samlResponse());
        assertSame(input, a.samlResponse());
        assertFalse(a.toString().contains(base64.substring(0, 40)), "toString redacts the response");
    }

    @Test
    void fractionalSecondsBeyondMillisAreAccepted() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String xml = new SamlFixtureBuilder(now).validity(now, now.plusSeconds(300)).xml()
                .replace(SamlFixtures.ms(now.plusSeconds(300)), SamlFixtures.sec(now.plusSeconds(300))
                        .replace("Z", ".1234567Z"));
        SamlAssertion a = reader.read(b64(xml));
        assertEquals(Optional.of(now.plusSeconds(300).plusMillis(123)), a.notOnOrAfter());
    }

    static String wrap(String s, int width, String separator) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i += width) {
            if (i > 0) {
                b.append(separator);
            }
            b.append(s, i, Math.min(s.length(), i + width));
        }
        return b.toString();
    }
}
