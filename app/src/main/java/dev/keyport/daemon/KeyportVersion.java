package dev.keyport.daemon;

/** The version of this Keyport, as the build wrote it into the jar's manifest. */
public final class KeyportVersion {
    private KeyportVersion() {
    }

    /** "0.1.0", or "(development build)" when run from classes rather than the packaged jar (tests, IDE). */
    public static String current() {
        String v = KeyportVersion.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }
}
