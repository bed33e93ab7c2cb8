package dev.keyport.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;

/**
 * Another user of the same machine, for the attacks that come from one: "nobody" (uid 65534). Giving files away and
 * running processes as another user needs root (CI runs as root) or passwordless sudo; without either, the tests
 * that need it fail and say so.
 */
public final class OtherUser {
    public static final String NAME = "nobody";
    public static final long UID = 65534;

    private OtherUser() {
    }

    /** Makes {@code path} belong to the other user (a symbolic link itself, not what it points to). */
    public static void give(Path path) throws IOException {
        if (isRoot()) {
            UserPrincipal nobody = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(NAME);
            Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).setOwner(nobody);
            return;
        }
        run(List.of("sudo", "-n", "chown", "-h", NAME, path.toString()));
    }

    /** {@code command} as a process of the other user (its own uid and gid, no supplementary groups). */
    public static ProcessBuilder process(List<String> command) {
        List<String> full = new ArrayList<>();
        if (!isRoot()) {
            full.addAll(List.of("sudo", "-n"));
        }
        full.addAll(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--"));
        full.addAll(command);
        return new ProcessBuilder(full);
    }

    /** Runs {@code command} as the other user; its exit code and output. */
    public static Result run(List<String> command) throws IOException {
        Process p = (command.get(0).equals("sudo") ? new ProcessBuilder(command) : process(command))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            int code = p.waitFor();
            if (code != 0 && out.contains("sudo:")) {
                throw new IllegalStateException("This test acts as another user: run it as root (as CI does) or with"
                        + " passwordless sudo. sudo said: " + out.strip());
            }
            return new Result(code, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** What a process of the other user printed. */
    public record Result(int exitCode, String output) {
    }

    static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }
}
