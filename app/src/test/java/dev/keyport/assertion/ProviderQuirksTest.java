package dev.keyport.assertion;

import dev.keyport.plugin.GuardedProvider;
import dev.keyport.provider.azuread.AzureAdProvider;
import dev.keyport.provider.gsuite.GoogleWorkspaceProvider;
import dev.keyport.provider.okta.OktaProvider;
import dev.keyport.provider.onelogin.OneLoginProvider;
import dev.keyport.spi.IdpProvider;
import dev.keyport.spi.KeyportException;
import dev.keyport.testkit.SamlFixtureBuilder;
import dev.keyport.testkit.SamlFixtures;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.keyport.testkit.SamlFixtures.IDP_A;
import static dev.keyport.testkit.SamlFixtures.IDP_B;
import static dev.keyport.testkit.SamlFixtures.ROLE_A;
import static dev.keyport.testkit.SamlFixtures.ROLE_B;
import static dev.keyport.testkit.SamlFixtures.b64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-in providers' assertion quirks, applied by the reader to each IdP's real assertion shape. */
class ProviderQuirksTest {
    private static final String MS_ROLE_CLAIM = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";
    private final SamlAssertionReader reader = new SamlAssertionReader(1024 * 1024);
    private final AssertionChecks checks = new AssertionChecks(Duration.ofMinutes(2));

    private static QuirksLookup of(IdpProvider provider) {
        return issuer -> Optional.of(provider);
    }

    @Test
    void oktaAndGoogleShapesNeedNoQuirkBeyondTheCommonOnes() {
        Instant now = SamlFixtures.nowMillis();
        SamlAssertionReading okta = reader.readWithNotes(b64(SamlFixtures.okta(now)), of(new OktaProvider()));
        assertEquals(List.of(new RolePair(ROLE_A, IDP_A), new RolePair(ROLE_B, IDP_B)), okta.assertion().rolePairs());
        assertEquals(List.of(), okta.notes());
        SamlAssertionReading google = reader.readWithNotes(b64(SamlFixtures.google(now)),
                of(new GoogleWorkspaceProvider()));
        assertEquals(List.of(new RolePair(ROLE_A, IDP_A)), google.assertion().rolePairs());
        assertEquals(List.of(), google.notes());
    }

    @Test
    void azureCopiesUnderTheMicrosoftClaimAreNamedAndPairsOnlyThereAreNotUsed() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SamlAssertionReading reading = reader.readWithNotes(b64(SamlFixtures.azure(now)), of(new AzureAdProvider()));
        // the fixture's Microsoft claim holds both AWS pairs plus one that the Role attribute lacks
        assertEquals(List.of(new RolePair(ROLE_A, IDP_A), new RolePair(ROLE_B, IDP_B)),
                reading.assertion().rolePairs());
        assertEquals(List.of("1 role pair(s) under attribute " + MS_ROLE_CLAIM + " are missing from the Role"
                + " attribute; AWS reads only " + AwsSamlAttributes.ROLE + ", so they cannot be used"), reading.notes());
    }

    @Test
    void azureRolesSentOnlyUnderTheMicrosoftClaimAreExplainedAndRefused() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String xml = SamlFixtures.azure(now).replaceAll(
                "<Attribute Name=\"https://aws.amazon.com/SAML/Attributes/Role\">.*?</Attribute>", "");
        SamlAssertion a = reader.read(b64(xml), of(new AzureAdProvider()));
        assertEquals(List.of(), a.rolePairs());
        assertEquals(List.of("Azure AD (Entra ID) sends 3 role pair(s) only under attribute " + MS_ROLE_CLAIM
                + ", which AWS does not read: have its administrator send them as " + AwsSamlAttributes.ROLE),
                a.noRoleReasons());
        KeyportException e = assertThrows(KeyportException.class, () -> checks.checkUsable(a, ROLE_A, IDP_A, now));
        assertTrue(e.getMessage().contains("only under attribute " + MS_ROLE_CLAIM), e.getMessage());
    }

    @Test
    void oneLoginPlaceholderIsNamedAsSuchAndAloneMeansNoRoleAssigned() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SamlAssertionReading reading = reader.readWithNotes(b64(SamlFixtures.oneLogin(now)),
                of(new OneLoginProvider()));
        assertEquals(List.of(new RolePair(ROLE_B, IDP_B)), reading.assertion().rolePairs());
        assertEquals(List.of("Role value #1 is OneLogin's placeholder for a user who has no AWS role; skipped"),
                reading.notes());

        SamlAssertion none = reader.read(new SamlFixtureBuilder(now).roleAttribute("Default").base64(),
                of(new OneLoginProvider()));
        KeyportException e = assertThrows(KeyportException.class,
                () -> checks.checkUsable(none, ROLE_A, IDP_A, now));
        assertTrue(e.getMessage().contains("OneLogin sent its placeholder for a user without an AWS role: no AWS role"
                + " is assigned to you there"), e.getMessage());
    }

    @Test
    void aProvidersNormaliserRunsBeforeTheSplit() {
        IdpProvider pipeSeparated = new TestProvider() {
            @Override
            public String normaliseRoleValue(String value) {
                return value.replace('|', ',');
            }
        };
        SamlAssertion a = reader.read(new SamlFixtureBuilder(Instant.now()).roleAttribute(ROLE_A + "|" + IDP_A)
                .base64(), of(pipeSeparated));
        assertEquals(List.of(new RolePair(ROLE_A, IDP_A)), a.rolePairs());
        assertEquals(List.of(), reader.read(new SamlFixtureBuilder(Instant.now())
                .roleAttribute(ROLE_A + "|" + IDP_A).base64()).rolePairs(), "without the quirk the value is no pair");
    }

    @Test
    void aPluginWhoseQuirksThrowIsReadAsIfItHadNone() {
        IdpProvider broken = new TestProvider() {
            @Override
            public String normaliseRoleValue(String value) {
                throw new IllegalStateException("bug in plugin");
            }

            @Override
            public boolean isPlaceholderRoleValue(String value) {
                throw new NoSuchMethodError("built against something else");
            }

            @Override
            public Map<String, String> attributeAliases() {
                throw new UnsupportedOperationException();
            }
        };
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // As every provider reaches the reader: through the plugin boundary.
        SamlAssertionReading reading = reader.readWithNotes(b64(SamlFixtures.azure(now)),
                of(GuardedProvider.guard(broken, "test")));
        assertEquals(List.of(new RolePair(ROLE_A, IDP_A), new RolePair(ROLE_B, IDP_B)),
                reading.assertion().rolePairs());
        assertEquals(List.of(), reading.notes());
    }

    @Test
    void theLookupIsAskedWithTheAssertionsIssuer() {
        Instant now = SamlFixtures.nowMillis();
        String[] asked = new String[1];
        reader.read(b64(SamlFixtures.okta(now)), issuer -> {
            asked[0] = issuer;
            return Optional.empty();
        });
        assertEquals("http://www.okta.com/exk1fakeAppKey", asked[0]);
        assertFalse(new OktaProvider().isPlaceholderRoleValue("Default"), "only OneLogin has the placeholder");
    }

    private static class TestProvider implements IdpProvider {
        @Override
        public String id() {
            return "test";
        }

        @Override
        public String displayName() {
            return "Test IdP";
        }

        @Override
        public boolean recognisesLoginUrl(URI samlUrl) {
            return false;
        }
    }
}
