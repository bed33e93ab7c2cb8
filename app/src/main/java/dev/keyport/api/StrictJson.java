package dev.keyport.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * JSON as Keyport reads it, in requests and in its own files: a field given twice is an error, not "the last one
 * wins" (two programs reading the same body must not see two different requests). Unknown fields are refused by
 * configuration ({@code quarkus.jackson.fail-on-unknown-properties}); nesting depth and sizes are bounded by Jackson's
 * read constraints.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    }
}
