package dev.keyport.api;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The API's own enums (module api-model, which the CLI reads) and the domain's name the same values: a state added
 * or renamed on one side only would fail here rather than as a 500 or an unreadable answer in the CLI.
 */
class ApiViewsTest {

    private static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }

    @Test
    void sessionStatusesAreTheSameOnBothSides() {
        assertEquals(Arrays.asList(names(dev.keyport.session.SessionStatus.values())),
                Arrays.asList(names(dev.keyport.api.model.SessionStatus.values())));
        for (var s : dev.keyport.session.SessionStatus.values()) {
            assertEquals(s.name(), ApiViews.wire(s).name());
        }
    }

    @Test
    void deliveryMethodsAreTheSameOnBothSides() {
        assertEquals(Arrays.asList(names(dev.keyport.delivery.DeliveryMethod.values())),
                Arrays.asList(names(dev.keyport.api.model.DeliveryMethod.values())));
        for (var d : dev.keyport.delivery.DeliveryMethod.values()) {
            assertEquals(d.name(), ApiViews.wire(d).name());
        }
    }
}
