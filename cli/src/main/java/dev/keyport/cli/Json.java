package dev.keyport.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * JSON for the commands that send or read the API's documents, as the shared types of api-model (not for
 * credential-process, which passes the daemon's answer through without a JSON library).
 */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("instants").addDeserializer(Instant.class, new InstantText())
                    .addSerializer(Instant.class, ToStringSerializer.instance))
            // A newer daemon may answer with fields, or values of a field (a status, a delivery), this CLI does not
            // know yet: shown as absent, never an error. (An edit sends the daemon's own values back: see overlay.)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
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
     * A request of {@code type} made from the daemon's answer {@code shown} (the fields {@code type} has, with the
     * values exactly as the daemon wrote them, also those this CLI does not know) and the fields {@code changes} sets
     * laid over it: what an edit sends, so that it changes only what the user asked for. The fields named in
     * {@code leftOut} are not taken from {@code shown} (the daemon decides them again unless {@code changes} sets them).
     */
    static String overlay(String shown, Class<? extends Record> type, Object changes, String... leftOut) {
        try {
            JsonNode answer = MAPPER.readTree(shown);
            ObjectNode body = MAPPER.createObjectNode();
            for (RecordComponent field : type.getRecordComponents()) {
                if (java.util.Arrays.asList(leftOut).contains(field.getName())) {
                    continue;
                }
                JsonNode value = answer.get(field.getName());
                if (value != null && !value.isNull()) {
                    body.set(field.getName(), value);
                }
            }
            body.setAll((ObjectNode) MAPPER.valueToTree(changes));
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException | ClassCastException e) {
            throw notUnderstood(type);
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

    /**
     * The API's instants, ISO-8601 text both ways. Two small classes instead of Jackson's java.time module, whose
     * 75 classes every command would load for this one type (the CLI is one short JVM run per command).
     */
    private static final class InstantText extends StdScalarDeserializer<Instant> {
        InstantText() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext context) throws IOException {
            String text = p.getValueAsString();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException | NullPointerException e) {
                return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
            }
        }
    }
}
