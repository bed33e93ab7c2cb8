package dev.keyport.cli;

import dev.keyport.api.model.ProblemCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The CLI's exit code follows the daemon's problem type, not its HTTP status. */
class ExitCodesTest {

    private static String problem(String type, int status) {
        return "{\"type\":\"" + type + "\",\"title\":\"t\",\"status\":" + status + ",\"detail\":\"d\"}";
    }

    @Test
    void theProblemTypeDecides() {
        // A conflict whose answer came through something that changed the status still exits as a conflict.
        assertEquals(ExitCodes.CONFLICT, ExitCodes.forAnswer(500, problem(ProblemCode.CONFLICT.type(), 500)));
        for (ProblemCode code : ProblemCode.values()) {
            assertEquals(code.exitCode(), ExitCodes.forAnswer(code.status(), problem(code.type(), code.status())),
                    code.type());
        }
        assertEquals(ExitCodes.NO_DAEMON, ExitCodes.forAnswer(403, problem(ProblemCode.WEB_ORIGIN.type(), 403)));
        assertEquals(ExitCodes.NOT_FOUND, ExitCodes.forAnswer(404, problem(ProblemCode.NO_SUCH_GRANT.type(), 404)));
    }

    @Test
    void withoutAKeyportTypeTheStatusDecides() {
        assertEquals(ExitCodes.NOT_FOUND, ExitCodes.forAnswer(404, problem("about:blank", 404)));
        assertEquals(ExitCodes.CONFLICT, ExitCodes.forAnswer(409, "<html>proxy error</html>"));
        assertEquals(ExitCodes.INTERNAL, ExitCodes.forAnswer(502, ""));
        assertEquals(ExitCodes.REJECTED, ExitCodes.forAnswer(422, problem("urn:keyport:problem:from-the-future", 422)));
    }
}
