package dev.keyport.api;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The API's OpenAPI document, as YAML or (for {@code Accept: application/json} or {@code ?format=json}) JSON. It is
 * made at build time from the resources' annotations (app/pom.xml, smallrye-open-api-maven-plugin) and served as
 * built: preparing it at start-up cost the daemon a quarter of its start, for a document few clients ever ask for.
 */
@Path("/api/v1/openapi")
public class OpenApiDocument {
    static final String YAML = "application/yaml";
    private static final String FOLDER = "META-INF/keyport-openapi/";

    /** Read on the first request, then kept: the two files are 50 KB together. */
    private static final class BuiltDocument {
        static final byte[] JSON = read("openapi.json");
        static final byte[] YAML = read("openapi.yaml");

        private static byte[] read(String name) {
            try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
                if (in == null) {
                    throw new IllegalStateException("The build left out " + FOLDER + name + "; rebuild Keyport.");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @GET
    public Response document(@QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        boolean json;
        if (format != null) {
            json = switch (format.toLowerCase(Locale.ROOT)) {
                case "json" -> true;
                case "yaml" -> false;
                default -> throw new KeyportException(ErrorCategory.INVALID_INPUT,
                        "format must be json or yaml (or leave it out and send Accept: application/json for JSON).");
            };
        } else {
            json = accept != null && accept.toLowerCase(Locale.ROOT).contains(MediaType.APPLICATION_JSON);
        }
        return json
                ? Response.ok(BuiltDocument.JSON, MediaType.APPLICATION_JSON + ";charset=UTF-8").build()
                : Response.ok(BuiltDocument.YAML, YAML + ";charset=UTF-8").build();
    }
}
