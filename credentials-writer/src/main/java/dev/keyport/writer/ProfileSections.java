package dev.keyport.writer;

import java.util.List;

/**
 * Finding and writing a profile's sections in a parsed AWS file, the way the AWS tools would read them: which sections
 * count as the profile, and how one section (never several) ends up holding a given body. Whose a section is does not
 * matter here; see {@link SectionOwnership}.
 */
final class ProfileSections {

    private static final String PROFILE_PREFIX = "profile";

    private ProfileSections() {
    }

    /**
     * Sections the AWS tools would read as this profile. In the config file "[profile   x]" is the same profile as
     * "[profile x]" (the SDKs trim after the prefix), so the comparison normalises that whitespace.
     *
     * @param config whether {@code doc} is the config file, whose section names carry the {@code profile} prefix
     */
    static List<IniDocument.Section> matching(IniDocument doc, String section, boolean config) {
        return doc.sectionsWhere(name -> name != null
                && section.equals(config ? normaliseConfigName(name) : name));
    }

    /** Gives the profile's section {@code body}: the first existing one keeps its place, else one is appended. */
    static void put(IniDocument doc, String section, boolean config, List<String> body) {
        List<IniDocument.Section> found = matching(doc, section, config);
        if (found.isEmpty()) {
            doc.appendSection(section, body);
            return;
        }
        // Duplicates would be merged by the AWS parsers (later keys win) and break the CLI's strict parser, so only
        // the first section stays. Handles go stale after each edit, hence the re-query.
        while (found.size() > 1) {
            doc.removeSection(found.get(found.size() - 1));
            found = matching(doc, section, config);
        }
        doc.replaceBody(found.get(0), body);
    }

    /**
     * "profile" followed by whitespace (what a regular expression's whitespace class matches) and a name becomes
     * "profile NAME", the name trimmed; anything else stays. By hand rather than with a pattern: it runs for every
     * section of the file on every write.
     */
    static String normaliseConfigName(String name) {
        int prefix = PROFILE_PREFIX.length();
        if (!name.startsWith(PROFILE_PREFIX) || name.length() == prefix
                || " \t\n\u000B\f\r".indexOf(name.charAt(prefix)) < 0) {
            return name;
        }
        String rest = name.substring(prefix).strip();
        String normalised = PROFILE_PREFIX + " " + rest;
        return normalised.equals(name) ? name : normalised;
    }
}
