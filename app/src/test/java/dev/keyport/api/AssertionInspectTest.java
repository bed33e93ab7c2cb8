package dev.keyport.api;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Inspecting an assertion tells what it offers without calling STS. */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class AssertionInspectTest {
    private static final String ADMIN = "arn:aws:iam::123456789012:role/Admin";
    private static final String READ_ONLY = "arn:aws:iam::210987654321:role/team/SSO.ReadOnly";
    private static final String OTHER_PROVIDER = "arn:aws:iam::210987654321:saml-provider/Okta";

    private final KeyportTestEnvironment env = KeyportTestEnvironment.current();

    private static Map<String, Object> body(String saml) {
        return Map.of("samlResponse", saml);
    }

    @Test
    void reportsEveryRolePairWithAccountAndTheLikelyIdp() {
        int before = env.sts().requests().size();
        String saml = env.saml().okta()
                .rolePair(ADMIN, KeyportTestEnvironment.PROVIDER_ARN)
                .rolePair(READ_ONLY, OTHER_PROVIDER)
                .sessionDuration(7200).build().base64();
        Api.given().body(body(saml)).post("/api/v1/assertions/inspect").then().statusCode(200)
                .body("roles.roleArn", containsInAnyOrder(ADMIN, READ_ONLY))
                .body("roles.find { it.roleArn == '" + READ_ONLY + "' }.idpArn", equalTo(OTHER_PROVIDER))
                .body("roles.find { it.roleArn == '" + READ_ONLY + "' }.principalArn", equalTo(OTHER_PROVIDER))
                .body("roles.find { it.roleArn == '" + READ_ONLY + "' }.accountId", equalTo("210987654321"))
                .body("roles.find { it.roleArn == '" + READ_ONLY + "' }.roleName", equalTo("SSO.ReadOnly"))
                .body("looksLikeProvider", equalTo("okta"))
                .body("partition", equalTo("aws"))
                .body("sessionDurationSeconds", equalTo(7200))
                .body("currentlyValid", equalTo(true))
                .body("encrypted", equalTo(false))
                .body("roleSessionName", org.hamcrest.Matchers.notNullValue());
        assertEquals(before, env.sts().requests().size(), "inspect must not call STS");
    }

    @Test
    void discoverySuggestsOneSessionPerRoleThatCanBeCreatedAsIs() {
        String existing = Api.create("already-there", "already-there");
        String saml = env.saml().okta()
                .rolePair(ADMIN, KeyportTestEnvironment.PROVIDER_ARN)
                .rolePair(READ_ONLY, OTHER_PROVIDER)
                .rolePair(KeyportTestEnvironment.ROLE_ARN, KeyportTestEnvironment.PROVIDER_ARN)
                .destination("https://eu-central-1.signin.aws.amazon.com/saml")
                .recipient("https://eu-central-1.signin.aws.amazon.com/saml").build().base64();
        String samlUrl = "https://acme.okta.com/home/amazon_aws/0oa1abcd/272";
        try {
            List<Map<String, Object>> suggestions = Api.given()
                    .body(Map.of("samlResponse", saml, "samlUrl", samlUrl))
                    .post("/api/v1/assertions/discover").then().statusCode(200)
                    .body("size()", equalTo(3))
                    .body("find { it.roleArn == '" + ADMIN + "' }.alias", equalTo("123456789012-admin"))
                    .body("find { it.roleArn == '" + READ_ONLY + "' }.profileName", equalTo("210987654321-sso.readonly"))
                    .body("find { it.roleArn == '" + READ_ONLY + "' }.idpArn", equalTo(OTHER_PROVIDER))
                    .body("find { it.roleArn == '" + ADMIN + "' }.region", equalTo("eu-central-1"))
                    .body("find { it.roleArn == '" + KeyportTestEnvironment.ROLE_ARN + "' }.existingSessionId",
                            equalTo(existing))
                    .body("find { it.roleArn == '" + KeyportTestEnvironment.ROLE_ARN + "' }.alias",
                            equalTo("already-there"))
                    .extract().jsonPath().getList("findAll { it.existingSessionId == null }");
            assertEquals(2, suggestions.size());
            for (Map<String, Object> suggestion : suggestions) {
                suggestion.remove("existingSessionId");
                Api.given().body(suggestion).post("/api/v1/sessions").then().statusCode(201)
                        .body("samlUrl", equalTo(samlUrl)).body("providerId", equalTo("okta"));
            }
        } finally {
            List<String> ids = Api.given().get("/api/v1/sessions").then().extract().path("id");
            ids.forEach(id -> Api.given().delete("/api/v1/sessions/" + id));
        }
    }

    @Test
    void discoveryOfAnEncryptedAssertionSaysWhyItCannot() {
        String saml = env.saml().google().rolePair(ADMIN, KeyportTestEnvironment.PROVIDER_ARN)
                .encryptAssertion(true).build().base64();
        Api.given().body(body(saml)).post("/api/v1/assertions/discover").then().statusCode(400)
                .body("detail", containsString("encrypted"));
    }

    @Test
    void regionalAndGovCloudAcsAreRecognised() {
        String regional = env.saml().google().rolePair(ADMIN, KeyportTestEnvironment.PROVIDER_ARN)
                .destination("https://eu-central-1.signin.aws.amazon.com/saml")
                .recipient("https://eu-central-1.signin.aws.amazon.com/saml").build().base64();
        Api.given().body(body(regional)).post("/api/v1/assertions/inspect").then().statusCode(200)
                .body("partition", equalTo("aws")).body("acsRegion", equalTo("eu-central-1"));
        String gov = env.saml().azure()
                .rolePair("arn:aws-us-gov:iam::123456789012:role/Gov", "arn:aws-us-gov:iam::123456789012:saml-provider/AAD")
                .destination("https://signin.amazonaws-us-gov.com/saml")
                .recipient("https://signin.amazonaws-us-gov.com/saml").build().base64();
        Api.given().body(body(gov)).post("/api/v1/assertions/inspect").then().statusCode(200)
                .body("partition", equalTo("aws-us-gov")).body("looksLikeProvider", equalTo("azuread"));
    }

    @Test
    void skippedRoleValuesAreExplainedInNotes() {
        String saml = env.saml().onelogin().rolePair(ADMIN, KeyportTestEnvironment.PROVIDER_ARN)
                .defaultRolePlaceholder().build().base64();
        Api.given().body(body(saml)).post("/api/v1/assertions/inspect").then().statusCode(200)
                .body("roles.roleArn", containsInAnyOrder(ADMIN))
                .body("notes", org.hamcrest.Matchers.hasItem(containsString("OneLogin's placeholder")));
    }

    @Test
    void azureCopiesUnderTheMicrosoftRoleClaimAreRecognisedAsCopies() {
        String saml = env.saml().azure().rolePair(ADMIN, KeyportTestEnvironment.PROVIDER_ARN)
                .azureDuplicateRoleClaim(true).build().base64();
        Api.given().body(body(saml)).post("/api/v1/assertions/inspect").then().statusCode(200)
                .body("looksLikeProvider", equalTo("azuread"))
                .body("roles.roleArn", containsInAnyOrder(ADMIN))
                .body("notes", org.hamcrest.Matchers.hasItem(allOf(
                        containsString("http://schemas.microsoft.com/ws/2008/06/identity/claims/role"),
                        containsString("copies are ignored"))));
    }

    @Test
    void encryptedAssertionSaysNothingCouldBeRead() {
        String saml = env.saml().google().rolePair(ADMIN, KeyportTestEnvironment.PROVIDER_ARN)
                .encryptAssertion(true).build().base64();
        Api.given().body(body(saml)).post("/api/v1/assertions/inspect").then().statusCode(200)
                .body("encrypted", equalTo(true)).body("roles.size()", equalTo(0));
    }

    @Test
    void badInputIsExplained() {
        Api.given().body(Map.of()).post("/api/v1/assertions/inspect").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("samlResponse"));
        Api.given().body(body("%%%not-base64%%%")).post("/api/v1/assertions/inspect").then().statusCode(400)
                .body("detail", containsString("base64"));
        String notSaml = Base64.getEncoder().encodeToString("<html><body>Sign in</body></html>".getBytes(StandardCharsets.UTF_8));
        Api.given().body(body(notSaml)).post("/api/v1/assertions/inspect").then().statusCode(400);
    }

    @Test
    void externalEntitiesAreRefusedAndNeverResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">&x;</samlp:Response>";
        String encoded = Base64.getEncoder().encodeToString(xxe.getBytes(StandardCharsets.UTF_8));
        Api.given().body(body(encoded)).post("/api/v1/assertions/inspect").then().statusCode(400)
                .body("detail", allOf(containsString("DTD"), not(containsString("root:"))));
    }

    @Test
    void aSamlResponseOfOneMegabyteIsAcceptedAndALargerOneRefused() {
        String padding = "x".repeat(1000);
        var builder = env.saml().google().rolePair(ADMIN, KeyportTestEnvironment.PROVIDER_ARN);
        for (int i = 0; i < 560; i++) {
            builder.attribute("https://example.com/SAML/Attributes/Pad" + i, padding);
        }
        String big = builder.build().base64();
        org.junit.jupiter.api.Assertions.assertTrue(big.length() > 900_000 && big.length() <= 1_048_576,
                "test assertion should be just under 1 MB, was " + big.length());
        Api.given().body(body(big)).post("/api/v1/assertions/inspect").then().statusCode(200)
                .body("roles.roleArn", containsInAnyOrder(ADMIN));

        String tooBig = "A".repeat(1_048_577 + 3);
        Api.given().body(body(tooBig)).post("/api/v1/assertions/inspect").then().statusCode(400)
                .body("detail", containsString("more than the limit"));
    }
}
