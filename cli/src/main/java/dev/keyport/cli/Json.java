package dev.keyport.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.util.List;

/**
 * JSON for the commands that send or read the API's documents, as the shared types of api-model (not for
 * credential-process, which passes the daemon's answer through without a JSON library).
 */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // A newer daemon may answer with fields this CLI does not know yet.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A field the user did not give is left out of a request, so the daemon applies its default.
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {
    }

    /** The daemon's answer as {@code type}. */
    static <T> T read(String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw notUnderstood(type);
        }
    }

    /** The daemon's answer as a list of {@code type}. */
    static <T> List<T> readList(String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, MAPPER.getTypeFactory().constructCollectionType(List.class, type));
        } catch (JsonProcessingException e) {
            throw notUnderstood(type);
        }
    }

    /** A request body. */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.INTERNAL, "Could not write the request: " + e.getOriginalMessage());
        }
    }

    /**
     * The daemon's answer as it is, indented: what {@code --output json} prints, with every field the daemon sent
     * (also those this CLI does not know).
     */
    static String pretty(String text) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.INTERNAL, "The daemon's answer is not JSON.");
        }
    }

    private static CliException notUnderstood(Class<?> type) {
        // Never the text itself: an answer may hold credentials.
        return new CliException(ExitCodes.INTERNAL, "The daemon's answer is not the " + type.getSimpleName()
                + " this CLI expects; are the daemon and the CLI the same version?");
    }
}
