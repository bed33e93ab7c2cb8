package dev.keyport.plugin;

import dev.keyport.testkit.IntegrationTest;
import dev.keyport.testing.Api;
import dev.keyport.testing.KeyportTestEnvironment;
import dev.keyport.testing.PluginJars;
import dev.keyport.spi.SpiVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/** A provider jar dropped into the plugins folder is loaded in its own class loader; a broken one is set aside. */
@IntegrationTest
@QuarkusTest
@QuarkusTestResource(KeyportTestEnvironment.class)
class PluginLoadingTest {

    @Test
    void droppedInProviderIsListedWithItsJar() {
        Api.given().get("/api/v1/providers").then().statusCode(200)
                .body("find { it.id == '" + PluginJars.EXAMPLE_ID + "' }.loaded", equalTo(true))
                .body("find { it.id == '" + PluginJars.EXAMPLE_ID + "' }.displayName", equalTo("SimpleSAMLphp (sample plugin)"))
                .body("find { it.id == '" + PluginJars.EXAMPLE_ID + "' }.source", endsWith(PluginJars.EXAMPLE_JAR))
                .body("find { it.id == '" + PluginJars.EXAMPLE_ID + "' }.version", equalTo(PluginJars.EXAMPLE_VERSION))
                .body("find { it.id == '" + PluginJars.EXAMPLE_ID + "' }.spiVersion", equalTo(SpiVersion.asString()));
    }

    @Test
    void aPluginBuiltAgainstTheReleasedSpi12StillLinksAndLoads() {
        Api.given().get("/api/v1/providers").then().statusCode(200)
                .body("find { it.id == '" + PluginJars.OLD_SPI_ID + "' }.loaded", equalTo(true))
                .body("find { it.id == '" + PluginJars.OLD_SPI_ID + "' }.spiVersion", equalTo("1.2"))
                // The name is computed with SPI 1.2's SessionSummary constructor and accessor: linking worked.
                .body("find { it.id == '" + PluginJars.OLD_SPI_ID + "' }.displayName",
                        equalTo(PluginJars.OLD_SPI_NAME));
    }

    @Test
    void pluginBuiltForAnotherMajorSpiIsRefusedWithBothVersions() {
        String next = (SpiVersion.MAJOR + 1) + ".0";
        Api.given().get("/api/v1/providers").then().statusCode(200)
                .body("find { it.source.endsWith('" + PluginJars.FUTURE_JAR + "') }.loaded", equalTo(false))
                .body("find { it.source.endsWith('" + PluginJars.FUTURE_JAR + "') }.problem",
                        allOf(containsString("SPI " + next), containsString("provides SPI " + SpiVersion.asString())));
    }

    @Test
    void aPluginCannotTakeOverABuiltInProvidersId() {
        Api.given().get("/api/v1/providers").then().statusCode(200)
                .body("find { it.id == 'okta' && it.loaded }.source", equalTo("classpath"))
                .body("find { it.source.endsWith('" + PluginJars.CLASHING_JAR + "') }.loaded", equalTo(false))
                .body("find { it.source.endsWith('" + PluginJars.CLASHING_JAR + "') }.problem",
                        containsString("already uses the id 'okta'"));
    }

    @Test
    void aJarOthersCanWriteIsSetAsideWithTheReasonAndTheFix() {
        Api.given().get("/api/v1/providers").then().statusCode(200)
                .body("find { it.source.endsWith('" + PluginJars.WRITABLE_JAR + "') }.loaded", equalTo(false))
                .body("find { it.source.endsWith('" + PluginJars.WRITABLE_JAR + "') }.problem",
                        allOf(containsString("writable by other users"), containsString("chmod go-w")));
    }

    @Test
    void jarWithoutProviderIsSetAsideWithTheReason() {
        Api.given().get("/api/v1/providers").then().statusCode(200)
                .body("find { it.source.endsWith('" + PluginJars.EMPTY_JAR + "') }.loaded", equalTo(false))
                .body("find { it.source.endsWith('" + PluginJars.EMPTY_JAR + "') }.problem",
                        containsString("META-INF/services/dev.keyport.spi.IdpProvider"));
    }

    @Test
    void pluginRecognisesItsLoginUrlsAcrossClassLoaders() {
        Map<String, Object> body = Api.session("plugin-detected", "plugin-detected");
        body.put("samlUrl", "https://sso.example.org/simplesaml/saml2/idp/SSOService.php?spentityid=urn:amazon:webservices");
        Api.given().body(body).post("/api/v1/sessions").then().statusCode(201)
                .body("providerId", equalTo(PluginJars.EXAMPLE_ID));
        Api.given().delete("/api/v1/sessions/plugin-detected").then().statusCode(204);
    }
}
