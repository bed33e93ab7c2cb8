package dev.keyport.api.model;

/**
 * One finding of {@code keyport doctor} ({@code GET /api/v1/diagnostics} answers the daemon's): what was checked, how
 * bad it is, what was found and, unless all is well, the command or step that fixes it.
 *
 * @param check    what was checked, in a word or two ("api token", "browser", "clock")
 * @param severity how bad it is
 * @param detail   what was found
 * @param fix      how to fix it; null when there is nothing to fix
 */
public record Diagnosis(String check, Severity severity, String detail, String fix) {
    /** From harmless to blocking; the doctor's exit code follows the worst. */
    public enum Severity { OK, INFO, WARNING, ERROR }

    public static Diagnosis ok(String check, String detail) {
        return new Diagnosis(check, Severity.OK, detail, null);
    }

    public static Diagnosis info(String check, String detail) {
        return new Diagnosis(check, Severity.INFO, detail, null);
    }

    public static Diagnosis warning(String check, String detail, String fix) {
        return new Diagnosis(check, Severity.WARNING, detail, fix);
    }

    public static Diagnosis error(String check, String detail, String fix) {
        return new Diagnosis(check, Severity.ERROR, detail, fix);
    }
}
