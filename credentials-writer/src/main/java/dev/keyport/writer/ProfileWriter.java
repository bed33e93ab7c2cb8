package dev.keyport.writer;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes and withdraws one named profile in the AWS shared credentials and config files, without touching anything
 * Keyport does not own.
 *
 * <p>The credentials file gets {@code [NAME]} with {@code aws_access_key_id}, {@code aws_secret_access_key},
 * {@code aws_session_token}, {@value #EXPIRES_KEY} and {@value #MANAGED_KEY}{@code = <session id>}, in that order.
 * The config file gets {@code [profile NAME]} ({@code [default]} for the default profile) with {@code region} and the
 * same marker. The AWS tools ignore unknown keys, so the marker is how Keyport recognises its own sections and which
 * session owns each of them:
 * <ul>
 *   <li>A section without the marker (or with an empty value) belongs to the user or another tool: it is only
 *       replaced when the caller explicitly asks, after a backup, and never removed.</li>
 *   <li>A section whose marker has any other value is Keyport's. Several sessions may share a profile name (only one
 *       active at a time), so the value names the session that wrote it. Any session may overwrite a Keyport section
 *       (the host stops the previous owner first) and then becomes its owner, but only the owner removes it: a stop,
 *       expiry or deletion of another session sharing the name leaves it in place.</li>
 *   <li>The legacy value {@code true}, written before sections recorded their owner, is Keyport's but owned by no
 *       particular session: any session may overwrite or remove it.</li>
 * </ul>
 * Both files follow the same rules, and are locked and checked together, so a refusal leaves both unchanged.
 *
 * <p>Secrets never appear in exceptions or log lines. Thread-safe.
 */
public final class ProfileWriter {

    /** Ownership marker written into every section Keyport creates; its value is the owning session's id. */
    public static final String MANAGED_KEY = "x_keyport_managed";
    /** Marker value written before sections named their owner: Keyport's, removable by any session. */
    public static final String LEGACY_OWNER = "true";
    /** Expiry of the session credentials (ISO-8601 UTC), the key saml2aws and gimme-aws-creds write. */
    public static final String EXPIRES_KEY = "x_security_token_expires";
    /**
     * In a Keyport section that took the place of the user's own: the backup file (next to the file) that holds the
     * user's original section, put back when the profile is withdrawn.
     */
    public static final String REPLACED_KEY = "x_keyport_replaced";
    /**
     * In the config section of a credential_process profile that took the place of the user's own credentials
     * section (which must go: static keys would win over the command): the backup of the credentials file holding it.
     */
    public static final String REPLACED_CREDENTIALS_KEY = "x_keyport_replaced_credentials";
    /** Backups kept per file; older ones go, unless a section still points to them. */
    public static final int BACKUPS_KEPT = 5;

    private static final System.Logger LOG = System.getLogger(ProfileWriter.class.getName());
    private static final Pattern PROFILE_PREFIX = Pattern.compile("profile\\s+(.*)", Pattern.DOTALL);
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9-]+");

    private final AwsFileLocations locations;
    private final LockedFileUpdater updater;

    /** A writer for the given files. */
    public ProfileWriter(AwsFileLocations locations) {
        this(locations, new LockedFileUpdater());
    }

    /** A writer for the given files using a specific updater (lock timeout). */
    public ProfileWriter(AwsFileLocations locations, LockedFileUpdater updater) {
        this.locations = Objects.requireNonNull(locations, "locations");
        this.updater = Objects.requireNonNull(updater, "updater");
    }

    /** The files this writer edits. */
    public AwsFileLocations locations() {
        return locations;
    }

    /**
     * Creates or refreshes the profile: replaces the body of Keyport's own sections in place (they keep their
     * position), or appends new sections at the end of each file. Keyport's sections are replaced whichever session
     * owned them (the host has already stopped that session); afterwards they name {@code ownerSessionId}.
     *
     * @param profileName    the profile ({@code --profile NAME}); {@code "default"} maps to {@code [default]}
     * @param ownerSessionId the id of the session the credentials belong to, recorded as the marker value
     * @param credentials    what to write
     * @param region         the profile's region; if blank, the config section carries only the marker
     * @param replaceForeign replace sections Keyport did not create (the file is backed up first); if false, such a
     *                       section makes the call fail with {@link ErrorCategory#CONFLICT} and nothing changes
     */
    public void writeProfile(String profileName, String ownerSessionId, AwsCredentials credentials, String region,
                             boolean replaceForeign) {
        validateProfileName(profileName);
        validateOwner(ownerSessionId);
        Objects.requireNonNull(credentials, "credentials");
        checkValue(credentials.accessKeyId(), "access key id");
        checkValue(credentials.secretAccessKey(), "secret access key");
        checkValue(credentials.sessionToken(), "session token");
        boolean hasRegion = checkRegion(region);
        checkDistinctFiles();

        String markerLine = MANAGED_KEY + " = " + ownerSessionId;
        String expires = DateTimeFormatter.ISO_INSTANT.format(credentials.expiration().truncatedTo(ChronoUnit.SECONDS));
        List<String> credentialsBody = List.of(
                "aws_access_key_id = " + credentials.accessKeyId(),
                "aws_secret_access_key = " + credentials.secretAccessKey(),
                "aws_session_token = " + credentials.sessionToken(),
                EXPIRES_KEY + " = " + expires,
                markerLine);
        List<String> configBody = hasRegion ? List.of("region = " + region, markerLine) : List.of(markerLine);
        write(profileName, ownerSessionId, credentialsBody, configBody, replaceForeign);
        LOG.log(System.Logger.Level.INFO, "Wrote profile " + profileName + " for session " + ownerSessionId
                + " (expires " + expires + ") to " + locations.credentialsFile() + " and " + locations.configFile());
    }

    /**
     * Creates or refreshes a profile that gets its credentials by running {@code command} (the AWS
     * {@code credential_process} setting): the config section carries the region, the command and the marker, and
     * the credentials file keeps no section for the profile, since static keys there would win over the command.
     * Keyport's own credentials section for the profile is removed; one Keyport did not create is refused (or, with
     * {@code replaceForeign}, backed up and removed).
     *
     * @param command the command line, as the AWS tools split it (quote paths with spaces); one line
     */
    public void writeCredentialProcessProfile(String profileName, String ownerSessionId, String command,
                                              String region, boolean replaceForeign) {
        validateProfileName(profileName);
        validateOwner(ownerSessionId);
        if (command == null || command.isBlank() || command.chars().anyMatch(Character::isISOControl)) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "The credential_process command is empty or"
                    + " spans several lines; it must be one line in the AWS config file.");
        }
        boolean hasRegion = checkRegion(region);
        checkDistinctFiles();
        String markerLine = MANAGED_KEY + " = " + ownerSessionId;
        List<String> configBody = new ArrayList<>();
        if (hasRegion) {
            configBody.add("region = " + region);
        }
        configBody.add("credential_process = " + command);
        configBody.add(markerLine);
        write(profileName, ownerSessionId, null, configBody, replaceForeign);
        LOG.log(System.Logger.Level.INFO, "Wrote profile " + profileName + " for session " + ownerSessionId
                + " (credential_process) to " + locations.configFile());
    }

    /** Writes both files in one locked update; {@code credentialsBody} null means "no credentials section". */
    private void write(String profileName, String ownerSessionId, List<String> credentialsBody,
                       List<String> configBody, boolean replaceForeign) {
        String credentialsSection = profileName;
        String configSection = configSectionName(profileName);

        List<String> takenOver = new ArrayList<>();
        updater.updateAll(List.of(locations.credentialsFile(), locations.configFile()), texts -> {
            // The transform may run more than once; report only what the final run saw.
            takenOver.clear();
            IniDocument credentialsDoc = IniDocument.parse(texts.get(0));
            IniDocument configDoc = IniDocument.parse(texts.get(1));
            List<IniDocument.Section> credentialsFound = matching(credentialsDoc, credentialsSection, false);
            List<IniDocument.Section> configFound = matching(configDoc, configSection, true);
            boolean credentialsForeign = credentialsFound.stream().anyMatch(s -> !isKeyports(s));
            boolean configForeign = configFound.stream().anyMatch(s -> !isKeyports(s));
            // Both files are judged before either is edited, so a refusal changes nothing anywhere.
            if ((credentialsForeign || configForeign) && !replaceForeign) {
                throw conflict(credentialsForeign ? credentialsSection : null,
                        configForeign ? configSection : null);
            }
            noteOtherOwners(credentialsFound, credentialsSection, locations.credentialsFile(), ownerSessionId,
                    takenOver);
            noteOtherOwners(configFound, configSection, locations.configFile(), ownerSessionId, takenOver);
            Optional<String> credentialsOriginal = replacedOriginal(credentialsFound, credentialsForeign,
                    locations.credentialsFile());
            Optional<String> configOriginal = replacedOriginal(configFound, configForeign, locations.configFile());
            List<String> configLines = configBody;
            if (credentialsBody == null) {
                // No credentials section stays to remember the user's one: the config section does.
                Optional<String> removedCredentials = credentialsOriginal.or(() -> configFound.stream()
                        .map(x -> x.property(REPLACED_CREDENTIALS_KEY)).flatMap(Optional::stream).findFirst());
                if (removedCredentials.isPresent()) {
                    configLines = new ArrayList<>(configBody);
                    configLines.add(REPLACED_CREDENTIALS_KEY + " = " + removedCredentials.get());
                }
            }
            if (credentialsBody != null) {
                put(credentialsDoc, credentialsSection, false, withReplaced(credentialsBody, credentialsOriginal));
            } else {
                // Never both for one profile (static keys in the credentials file would win over the command).
                for (List<IniDocument.Section> found = credentialsFound; !found.isEmpty();
                     found = matching(credentialsDoc, credentialsSection, false)) {
                    credentialsDoc.removeSection(found.get(0));
                }
            }
            put(configDoc, configSection, true, withReplaced(configLines, configOriginal));
            if (credentialsForeign) {
                LockedFileUpdater.pruneBackups(locations.credentialsFile(), BACKUPS_KEPT,
                        referencedBackups(credentialsDoc, configDoc));
            }
            if (configForeign) {
                LockedFileUpdater.pruneBackups(locations.configFile(), BACKUPS_KEPT, referencedBackups(configDoc));
            }
            return List.of(credentialsDoc.render(), configDoc.render());
        });
        for (String message : takenOver) {
            LOG.log(System.Logger.Level.INFO, message);
        }
    }

    /**
     * The backup that holds the user's own section this profile stands in for: a new backup when a foreign section is
     * being replaced now, else the one Keyport's section already points to (kept across rotations and owners).
     */
    private static Optional<String> replacedOriginal(List<IniDocument.Section> found, boolean foreign, Path file) {
        if (foreign) {
            return LockedFileUpdater.backup(file).map(p -> p.getFileName().toString());
        }
        return found.stream().map(s -> s.property(REPLACED_KEY)).flatMap(Optional::stream)
                .filter(v -> !v.isBlank()).findFirst();
    }

    private static List<String> withReplaced(List<String> body, Optional<String> original) {
        if (original.isEmpty()) {
            return body;
        }
        List<String> withKey = new ArrayList<>(body);
        withKey.add(REPLACED_KEY + " = " + original.get());
        return withKey;
    }

    private static java.util.Set<String> referencedBackups(IniDocument... docs) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (IniDocument doc : docs) {
            for (IniDocument.Section section : doc.sections()) {
                section.property(REPLACED_KEY).ifPresent(names::add);
                section.property(REPLACED_CREDENTIALS_KEY).ifPresent(names::add);
            }
        }
        return names;
    }

    /**
     * Withdraws the profile of one session: removes, from both files, Keyport's sections for the profile whose marker
     * names {@code ownerSessionId} or carries the legacy value {@value #LEGACY_OWNER}. A section with that name that
     * Keyport did not create, or that another session now owns, is left as it is (and logged); a file without the
     * profile is not touched. A section that took the place of the user's own ({@value #REPLACED_KEY}) gives way to
     * the user's original section again, read from the backup it names.
     *
     * @param profileName    the profile ({@code --profile NAME}); {@code "default"} maps to {@code [default]}
     * @param ownerSessionId the id of the session whose credentials are withdrawn
     * @return what was done, one line each ("removed [dev] from FILE", "put back your own [dev] in FILE ..."),
     *         empty when the files held nothing of the session's
     */
    public List<String> removeProfile(String profileName, String ownerSessionId) {
        validateProfileName(profileName);
        validateOwner(ownerSessionId);
        checkDistinctFiles();
        String credentialsSection = profileName;
        String configSection = configSectionName(profileName);
        List<String> leftAlone = new ArrayList<>();
        List<String> done = new ArrayList<>();
        updater.updateAll(List.of(locations.credentialsFile(), locations.configFile()), texts -> {
            // The transform may run more than once; report only what the final run saw.
            leftAlone.clear();
            done.clear();
            IniDocument credentialsDoc = IniDocument.parse(texts.get(0));
            IniDocument configDoc = IniDocument.parse(texts.get(1));
            removeOwned(credentialsDoc, credentialsSection, false, locations.credentialsFile(), ownerSessionId,
                    leftAlone, done);
            Optional<String> removedCredentials = matching(configDoc, configSection, true).stream()
                    .filter(x -> isOwnedBy(x, ownerSessionId))
                    .map(x -> x.property(REPLACED_CREDENTIALS_KEY)).flatMap(Optional::stream).findFirst();
            removeOwned(configDoc, configSection, true, locations.configFile(), ownerSessionId, leftAlone, done);
            if (removedCredentials.isPresent() && matching(credentialsDoc, credentialsSection, false).isEmpty()) {
                originalSection(locations.credentialsFile(), removedCredentials.get(), credentialsSection, false, done)
                        .ifPresent(original -> {
                            credentialsDoc.appendSection(credentialsSection, original.bodyLines());
                            done.add("put back your own [" + credentialsSection + "] in " + locations.credentialsFile()
                                    + " (from the backup " + removedCredentials.get() + ")");
                        });
            }
            return List.of(credentialsDoc.render(), configDoc.render());
        });
        for (String message : leftAlone) {
            LOG.log(System.Logger.Level.INFO, message);
        }
        for (String message : done) {
            LOG.log(System.Logger.Level.INFO, "Profile " + profileName + " of session " + ownerSessionId + ": "
                    + message);
        }
        return List.copyOf(done);
    }

    /**
     * The credentials this writer delivered for a session, read back from the credentials file: the profile's section
     * must carry the session's own marker (not the legacy one) and complete keys with their expiry. Used after a
     * daemon restart, so that credentials still valid need no new sign-in. Nothing is changed.
     */
    public Optional<AwsCredentials> readDelivered(String profileName, String ownerSessionId) {
        validateProfileName(profileName);
        validateOwner(ownerSessionId);
        String text;
        try {
            text = Files.exists(locations.credentialsFile())
                    ? Files.readString(locations.credentialsFile(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not read " + locations.credentialsFile() + ": "
                    + e.getClass().getSimpleName());
            return Optional.empty();
        }
        return matching(IniDocument.parse(text), profileName, false).stream()
                .filter(section -> marker(section).filter(ownerSessionId::equals).isPresent())
                .findFirst()
                .flatMap(section -> {
                    Optional<String> key = section.property("aws_access_key_id");
                    Optional<String> secret = section.property("aws_secret_access_key");
                    Optional<String> token = section.property("aws_session_token");
                    Optional<String> expires = section.property(EXPIRES_KEY);
                    if (key.isEmpty() || secret.isEmpty() || token.isEmpty() || expires.isEmpty()) {
                        return Optional.empty();
                    }
                    try {
                        return Optional.of(new AwsCredentials(key.get(), secret.get(), token.get(),
                                Instant.parse(expires.get())));
                    } catch (RuntimeException e) {
                        return Optional.empty();
                    }
                });
    }

    /**
     * Removes the temp files a writer killed mid-write left next to both files, and makes their lock sidecars
     * private again ({@link LockedFileUpdater#removeStrayTempFiles}).
     */
    public void removeStrayTempFiles() {
        for (Path file : List.of(locations.credentialsFile(), locations.configFile())) {
            for (Path stray : updater.removeStrayTempFiles(file)) {
                LOG.log(System.Logger.Level.INFO, "Removed " + stray + ", left by a write that was cut short");
            }
        }
    }

    /**
     * Rejects a profile name that cannot be written as a section header or that the AWS tools would misread.
     *
     * @throws KeyportException with {@link ErrorCategory#INVALID_INPUT}
     */
    public static void validateProfileName(String profileName) {
        String problem = null;
        if (profileName == null || profileName.isEmpty()) {
            problem = "it is empty";
        } else if (!profileName.equals(profileName.strip())) {
            problem = "it starts or ends with whitespace";
        } else if (profileName.chars().anyMatch(c -> c == '[' || c == ']')) {
            problem = "it contains a square bracket";
        } else if (profileName.chars().anyMatch(c -> c == '#' || c == ';')) {
            problem = "it contains # or ;, which start a comment in a section header";
        } else if (profileName.chars().anyMatch(Character::isISOControl)) {
            problem = "it contains a line break or another control character";
        }
        if (problem != null) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "Profile name " + printable(profileName)
                    + " cannot be written to the AWS files: " + problem
                    + ". Use letters, digits and _ - / . % @ only.");
        }
    }

    /**
     * Rejects a session id that cannot serve as the ownership marker's value: it must be non-blank, free of whitespace
     * and control characters, and must not be the legacy value {@value #LEGACY_OWNER} (which would make the section
     * removable by every session). The id is not echoed.
     *
     * @throws KeyportException with {@link ErrorCategory#INVALID_INPUT}
     */
    public static void validateOwner(String ownerSessionId) {
        if (ownerSessionId == null || ownerSessionId.isBlank()
                || ownerSessionId.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))
                || ownerSessionId.equalsIgnoreCase(LEGACY_OWNER)) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "The session id is empty, contains whitespace or "
                    + "control characters, or is the reserved value \"" + LEGACY_OWNER + "\"; it cannot mark the "
                    + "session's profile sections in the AWS files.");
        }
    }

    /** The config-file section for a profile: {@code default} for the default profile, else {@code profile NAME}. */
    public static String configSectionName(String profileName) {
        return profileName.equals("default") ? "default" : "profile " + profileName;
    }

    private static void put(IniDocument doc, String section, boolean config, List<String> body) {
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

    private static void removeOwned(IniDocument doc, String section, boolean config, Path file, String owner,
                                    List<String> leftAlone, List<String> done) {
        while (true) {
            Optional<IniDocument.Section> owned = matching(doc, section, config).stream()
                    .filter(s -> isOwnedBy(s, owner)).findFirst();
            if (owned.isEmpty()) {
                break;
            }
            Optional<String> backup = owned.get().property(REPLACED_KEY).filter(v -> !v.isBlank());
            Optional<IniDocument.Section> original = backup.flatMap(b -> originalSection(file, b, section, config,
                    done));
            if (original.isPresent()) {
                doc.replaceBody(owned.get(), original.get().bodyLines());
                done.add("put back your own [" + section + "] in " + file + " (from the backup " + backup.get()
                        + ")");
            } else {
                doc.removeSection(owned.get());
                done.add("removed [" + section + "] from " + file);
            }
        }
        for (IniDocument.Section kept : matching(doc, section, config)) {
            leftAlone.add("Left section [" + section + "] in " + file + " in place: " + (isKeyports(kept)
                    ? "owned by session " + marker(kept).orElseThrow() + ", not " + owner
                    : "Keyport did not create it (no " + MANAGED_KEY + " marker)"));
        }
    }

    /**
     * The user's own section as the backup {@code backupName} (next to {@code file}) holds it. The backup must be one
     * of Keyport's for this file (by name), a regular file of the user's that no one else can write; else nothing is
     * put back, and {@code done} says why.
     */
    private static Optional<IniDocument.Section> originalSection(Path file, String backupName, String section,
                                                                 boolean config, List<String> done) {
        Path target = LockedFileUpdater.resolveTarget(file);
        if (!LockedFileUpdater.isBackupName(target, backupName)) {
            done.add("could not put back your own [" + section + "]: " + REPLACED_KEY + " names no backup of " + file);
            return Optional.empty();
        }
        Path backup = target.resolveSibling(backupName);
        try {
            if (!Files.isRegularFile(backup, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    || !LockedFileUpdater.privateToUser(backup)) {
                done.add("could not put back your own [" + section + "]: the backup " + backup
                        + " is missing, or others could have changed it");
                return Optional.empty();
            }
            Optional<IniDocument.Section> original = matching(IniDocument.parse(Files.readString(backup,
                    StandardCharsets.UTF_8)), section, config).stream().filter(s -> !isKeyports(s)).findFirst();
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

    /** Records the Keyport sections about to be taken over from another session, for the log. */
    private static void noteOtherOwners(List<IniDocument.Section> found, String section, Path file, String owner,
                                        List<String> takenOver) {
        for (IniDocument.Section s : found) {
            Optional<String> previous = marker(s);
            if (previous.isPresent() && !previous.get().equals(owner)
                    && !previous.get().equalsIgnoreCase(LEGACY_OWNER)) {
                takenOver.add("Section [" + section + "] in " + file + " was owned by session " + previous.get()
                        + "; session " + owner + " now owns it");
            }
        }
    }

    /**
     * Sections the AWS tools would read as this profile. In the config file "[profile   x]" is the same profile as
     * "[profile x]" (the SDKs trim after the prefix), so the comparison normalises that whitespace.
     */
    private static List<IniDocument.Section> matching(IniDocument doc, String section, boolean config) {
        return doc.sections().stream()
                .filter(s -> s.name() != null && section.equals(config ? normaliseConfigName(s.name()) : s.name()))
                .toList();
    }

    private static String normaliseConfigName(String name) {
        Matcher m = PROFILE_PREFIX.matcher(name);
        return m.matches() ? "profile " + m.group(1).strip() : name;
    }

    /** The marker's value, if the section has a non-empty one. */
    private static Optional<String> marker(IniDocument.Section section) {
        return section.property(MANAGED_KEY).filter(v -> !v.isEmpty());
    }

    /** Keyport created the section (for whichever session, or before sections named their owner). */
    private static boolean isKeyports(IniDocument.Section section) {
        return marker(section).isPresent();
    }

    /** The given session may remove the section: it owns it, or the section carries the legacy marker. */
    private static boolean isOwnedBy(IniDocument.Section section, String owner) {
        return marker(section).map(v -> v.equals(owner) || v.equalsIgnoreCase(LEGACY_OWNER)).orElse(false);
    }

    private KeyportException conflict(String credentialsSection, String configSection) {
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
                + " not created by Keyport (no " + MANAGED_KEY + " marker), so Keyport changed neither file. "
                + "To let Keyport replace " + (both ? "them" : "it")
                + ", start the session again and ask to replace the existing profile (Keyport keeps a backup copy "
                + "of the file next to it, named <file>.keyport-backup-<time>), or choose another profile name.");
    }

    private void checkDistinctFiles() {
        Path credentials = LockedFileUpdater.resolveTarget(locations.credentialsFile());
        Path config = LockedFileUpdater.resolveTarget(locations.configFile());
        if (credentials.equals(config)) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "The AWS credentials file and config file are "
                    + "the same file (" + credentials + "). Set " + AwsFileLocations.CREDENTIALS_FILE_KEY + " and "
                    + AwsFileLocations.CONFIG_FILE_KEY + " (or AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE) to "
                    + "two different files.");
        }
    }

    /** Names only what is wrong, never the value: it may be a secret. */
    /** Whether a region is given; a malformed one is refused. */
    private static boolean checkRegion(String region) {
        boolean hasRegion = region != null && !region.isBlank();
        if (hasRegion && !REGION.matcher(region).matches()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "Region " + printable(region)
                    + " is not a valid AWS region name (expected something like eu-west-1).");
        }
        return hasRegion;
    }

    private static void checkValue(String value, String what) {
        if (value.isBlank() || value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "The session's " + what
                    + " is empty or contains whitespace or control characters; it cannot be written to the AWS "
                    + "credentials file.");
        }
    }

    /** For names echoed in messages: control characters are shown escaped so a message stays one line. */
    private static String printable(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder("\"");
        s.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.append((char) c);
            }
        });
        return sb.append('"').toString();
    }
}
