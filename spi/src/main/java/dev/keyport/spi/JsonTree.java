package dev.keyport.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON value the host has parsed, for reading without a JSON library: {@code reply.json().get("_embedded")
 * .get("factors").get(0).text("factorType")}. Reading a member that is not there gives {@link #missing()} rather than
 * an exception, so a path can be followed to its end and checked once.
 *
 * @param value a {@link Map}, {@link List}, {@link String}, {@link Number}, {@link Boolean}, or null for JSON's null
 *              and for a value that is missing
 * @since SPI 1.4
 */
public record JsonTree(Object value) {
    private static final JsonTree MISSING = new JsonTree(null);

    public static JsonTree missing() {
        return MISSING;
    }

    /** The member {@code name} of an object; missing when this is not an object or has no such member. */
    public JsonTree get(String name) {
        return value instanceof Map<?, ?> map && map.get(name) != null ? new JsonTree(map.get(name)) : MISSING;
    }

    /** Element {@code index} of an array; missing when out of range or not an array. */
    public JsonTree get(int index) {
        return value instanceof List<?> list && index >= 0 && index < list.size() && list.get(index) != null
                ? new JsonTree(list.get(index)) : MISSING;
    }

    /** The elements of an array (none when this is not an array). */
    public List<JsonTree> elements() {
        return value instanceof List<?> list ? list.stream().map(JsonTree::new).toList() : List.of();
    }

    /** Whether there is a value here (not missing, not null). */
    public boolean present() {
        return value != null;
    }

    /** This value as text: a string as it is, a number or boolean written out; empty when missing or a structure. */
    public Optional<String> text() {
        return value instanceof String || value instanceof Number || value instanceof Boolean
                ? Optional.of(value.toString()) : Optional.empty();
    }

    /** The member {@code name} as text, or null. */
    public String text(String name) {
        return get(name).text().orElse(null);
    }

    /** JSON documents from an IdP hold tokens: never printed. */
    @Override
    public String toString() {
        return value == null ? "JsonTree[missing]" : "JsonTree[" + value.getClass().getSimpleName() + "]";
    }
}
