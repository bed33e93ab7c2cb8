package dev.keyport.writer;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whose a profile section is, as its {@value ProfileWriter#MANAGED_KEY} marker says, and what each session may do
 * with it (the rules are in {@link ProfileWriter}): a section without the marker is the user's and is only replaced
 * on request, a Keyport section is removed only by the session it names or, for the legacy value, by any session.
 * Other sessions' sections are never touched on removal, only reported.
 */
final class SectionOwnership {

    private SectionOwnership() {
    }

    /** The marker's value, if the section has a non-empty one. */
    static Optional<String> marker(IniDocument.Section section) {
        return section.property(ProfileWriter.MANAGED_KEY).filter(v -> !v.isEmpty());
    }

    /** Keyport created the section (for whichever session, or before sections named their owner). */
    static boolean isKeyports(IniDocument.Section section) {
        return marker(section).isPresent();
    }

    /** The given session may remove the section: it owns it, or the section carries the legacy marker. */
    static boolean isOwnedBy(IniDocument.Section section, String owner) {
        return marker(section).map(v -> v.equals(owner) || v.equalsIgnoreCase(ProfileWriter.LEGACY_OWNER))
                .orElse(false);
    }

    /** Records the Keyport sections about to be taken over from another session, for the log. */
    static void noteOtherOwners(List<IniDocument.Section> found, String section, Path file, String owner,
                                List<String> takenOver) {
        for (IniDocument.Section s : found) {
            Optional<String> previous = marker(s);
            if (previous.isPresent() && !previous.get().equals(owner)
                    && !previous.get().equalsIgnoreCase(ProfileWriter.LEGACY_OWNER)) {
                takenOver.add("Section [" + section + "] in " + file + " was owned by session " + previous.get()
                        + "; session " + owner + " now owns it");
            }
        }
    }

    /**
     * Removes from {@code doc} every section of the profile that {@code owner} may remove; one that stood in for the
     * user's own section gives way to that section again, read from the backup it names. What was done goes to
     * {@code done}; the profile's sections that stay (the user's, or another session's) go to {@code leftAlone}.
     */
    static void removeOwned(IniDocument doc, String section, boolean config, Path file, String owner,
                            List<String> leftAlone, List<String> done) {
        while (true) {
            Optional<IniDocument.Section> owned = ProfileSections.matching(doc, section, config).stream()
                    .filter(s -> isOwnedBy(s, owner)).findFirst();
            if (owned.isEmpty()) {
                break;
            }
            Optional<String> backup = owned.get().property(ProfileWriter.REPLACED_KEY).filter(v -> !v.isBlank());
            Optional<IniDocument.Section> original = backup.flatMap(b -> ReplacedSections.originalSection(file, b,
                    section, config, done));
            if (original.isPresent()) {
                doc.replaceBody(owned.get(), original.get().bodyLines());
                done.add("put back your own [" + section + "] in " + file + " (from the backup " + backup.get()
                        + ")");
            } else {
                doc.removeSection(owned.get());
                done.add("removed [" + section + "] from " + file);
            }
        }
        for (IniDocument.Section kept : ProfileSections.matching(doc, section, config)) {
            leftAlone.add("Left section [" + section + "] in " + file + " in place: " + (isKeyports(kept)
                    ? "owned by session " + marker(kept).orElseThrow() + ", not " + owner
                    : "Keyport did not create it (no " + ProfileWriter.MANAGED_KEY + " marker)"));
        }
    }

    /**
     * The refusal when a profile would replace sections Keyport did not create and the caller did not ask for that.
     * A null section name means that file's section is Keyport's (or absent).
     */
    static KeyportException conflict(AwsFileLocations locations, String credentialsSection, String configSection) {
        List<String> parts = new ArrayList<>();
        if (credentialsSection != null) {
            parts.add("[" + credentialsSection + "] in " + locations.credentialsFile());
        }
        if (configSection != null) {
            parts.add("[" + configSection + "] in " + locations.configFile());
        }
        boolean both = parts.size() > 1;
        return new KeyportException(ErrorCategory.CONFLICT, "Profile section" + (both ? "s " : " ")
                + String.join(" and ", parts) + (both ? " were" : " was")
                + " not created by Keyport (no " + ProfileWriter.MANAGED_KEY + " marker), so Keyport changed neither "
                + "file. To let Keyport replace " + (both ? "them" : "it")
                + ", start the session again with replaceProfile: true (Keyport keeps a backup copy "
                + "of the file next to it, named <file>.keyport-backup-<time>), or choose another profile name.");
    }
}
