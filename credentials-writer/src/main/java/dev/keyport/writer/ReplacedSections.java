package dev.keyport.writer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The user's own sections that Keyport's sections stand in for. Replacing a section Keyport did not create backs the
 * file up first, and Keyport's section records the backup's name ({@value ProfileWriter#REPLACED_KEY}; for a
 * credential_process profile, whose credentials section had to go, the config section records the credentials
 * file's backup in {@value ProfileWriter#REPLACED_CREDENTIALS_KEY}). The name travels with the section across
 * rotations and owners, so that withdrawing the profile can put the original back.
 *
 * <p>Backups are rotated down to {@value ProfileWriter#BACKUPS_KEPT} per file, but one a section still names is kept
 * whatever its age: deleting it would lose the user's original for good.
 */
final class ReplacedSections {

    private ReplacedSections() {
    }

    /**
     * The backup that holds the user's own section this profile stands in for: a new backup when a foreign section is
     * being replaced now, else the one Keyport's section already points to (kept across rotations and owners).
     */
    static Optional<String> replacedOriginal(List<IniDocument.Section> found, boolean foreign, Path file) {
        if (foreign) {
            return FileBackups.backup(file).map(p -> p.getFileName().toString());
        }
        return found.stream().map(s -> s.property(ProfileWriter.REPLACED_KEY)).flatMap(Optional::stream)
                .filter(v -> !v.isBlank()).findFirst();
    }

    /** {@code body} with a {@value ProfileWriter#REPLACED_KEY} line naming {@code original}, if there is one. */
    static List<String> withReplaced(List<String> body, Optional<String> original) {
        if (original.isEmpty()) {
            return body;
        }
        List<String> withKey = new ArrayList<>(body);
        withKey.add(ProfileWriter.REPLACED_KEY + " = " + original.get());
        return withKey;
    }

    /**
     * Deletes the oldest backups of {@code file} beyond {@value ProfileWriter#BACKUPS_KEPT}, except those a section in
     * {@code referencing} names (the documents as they are about to be written).
     */
    static void pruneBackups(Path file, IniDocument... referencing) {
        FileBackups.prune(file, ProfileWriter.BACKUPS_KEPT, referencedBackups(referencing));
    }

    private static Set<String> referencedBackups(IniDocument... docs) {
        Set<String> names = new HashSet<>();
        for (IniDocument doc : docs) {
            for (IniDocument.Section section : doc.sections()) {
                section.property(ProfileWriter.REPLACED_KEY).ifPresent(names::add);
                section.property(ProfileWriter.REPLACED_CREDENTIALS_KEY).ifPresent(names::add);
            }
        }
        return names;
    }

    /**
     * The user's own section as the backup {@code backupName} (next to {@code file}) holds it. The backup must be one
     * of Keyport's for this file (by name), a regular file of the user's that no one else can write; else nothing is
     * put back, and {@code done} says why. The name comes from the file itself, which others may have edited, so it
     * is not trusted to point anywhere else.
     */
    static Optional<IniDocument.Section> originalSection(Path file, String backupName, String section,
                                                         boolean config, List<String> done) {
        Path target = TargetPaths.resolve(file);
        if (!FileBackups.isBackupName(target, backupName)) {
            done.add("could not put back your own [" + section + "]: " + ProfileWriter.REPLACED_KEY
                    + " names no backup of " + file);
            return Optional.empty();
        }
        Path backup = target.resolveSibling(backupName);
        try {
            if (!Files.isRegularFile(backup, LinkOption.NOFOLLOW_LINKS) || !FilePermissions.privateToUser(backup)) {
                done.add("could not put back your own [" + section + "]: the backup " + backup
                        + " is missing, or others could have changed it");
                return Optional.empty();
            }
            Optional<IniDocument.Section> original = ProfileSections.matching(IniDocument.parse(
                            Files.readString(backup, StandardCharsets.UTF_8)), section, config).stream()
                    .filter(s -> !SectionOwnership.isKeyports(s)).findFirst();
            if (original.isEmpty()) {
                done.add("could not put back your own [" + section + "]: the backup " + backup + " does not hold it");
            }
            return original;
        } catch (IOException e) {
            done.add("could not put back your own [" + section + "]: the backup " + backup + " could not be read ("
                    + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
    }
}
