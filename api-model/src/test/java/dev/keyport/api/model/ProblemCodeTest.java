package dev.keyport.api.model;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProblemCodeTest {

    @Test
    void everyCodeIsUniqueAndReadsBackFromItsType() {
        Set<String> types = new HashSet<>();
        for (ProblemCode code : ProblemCode.values()) {
            assertTrue(types.add(code.type()), code + " twice");
            assertTrue(code.type().matches("urn:keyport:problem:[a-z]+(-[a-z]+)*"), code.type());
            assertEquals(Optional.of(code), ProblemCode.fromType(code.type()));
            assertTrue(code.status() >= 400 && code.status() < 600, code + " is an error");
        }
    }

    @Test
    void theCategoryCodesKeepTheTypesTheyAlwaysHad() {
        assertEquals("urn:keyport:problem:invalid-input", ProblemCode.INVALID_INPUT.type());
        assertEquals("urn:keyport:problem:not-found", ProblemCode.NOT_FOUND.type());
        assertEquals("urn:keyport:problem:conflict", ProblemCode.CONFLICT.type());
        assertEquals("urn:keyport:problem:rejected", ProblemCode.REJECTED.type());
        assertEquals("urn:keyport:problem:unavailable", ProblemCode.UNAVAILABLE.type());
        assertEquals("urn:keyport:problem:internal", ProblemCode.INTERNAL.type());
    }

    @Test
    void typesThatAreNotKeyportsAreNotGuessed() {
        assertEquals(Optional.empty(), ProblemCode.fromType(null));
        assertEquals(Optional.empty(), ProblemCode.fromType("about:blank"));
        assertEquals(Optional.empty(), ProblemCode.fromType("urn:keyport:problem:"));
        assertEquals(Optional.empty(), ProblemCode.fromType("urn:keyport:problem:conflict-of-the-future"));
        assertEquals(Optional.empty(), ProblemCode.fromType("URN:KEYPORT:PROBLEM:CONFLICT"));
    }

    @Test
    void anHttpStatusWithoutACodeOfItsOwnIsAGenericHttpError() {
        assertEquals(ProblemCode.HTTP_ERROR, ProblemCode.forHttpStatus(418));
        assertEquals(ProblemCode.NO_SUCH_ROUTE, ProblemCode.forHttpStatus(404));
        assertEquals(ProblemCode.ExitCode.INTERNAL, ProblemCode.HTTP_ERROR.exitCode());
    }
}
