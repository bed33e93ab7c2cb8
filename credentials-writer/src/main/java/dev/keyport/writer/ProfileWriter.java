package dev.keyport.writer;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
 *
 * <p>This class owns the two operations on a profile (write, withdraw) and their order of steps. The rules they apply
 * are package-private classes beside it: {@code ProfileInputChecks} (what is accepted), {@code ProfileSections}
 * (which sections are the profile's), {@code SectionOwnership} (whose they are, and what a session may do with them),
 * {@code ReplacedSections} (the user's sections that Keyport's stand in for, and their backups) and
 * {@code DeliveredCredentials} (reading back what was written).
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

    private final AwsFileLocations locations;
    private final LockedFileUpdater updater;
    private final GroupCommit batches;

    /** A writer for the given files. */
    public ProfileWriter(AwsFileLocations locations) {
        this(locations, new LockedFileUpdater());
    }

    /** A writer for the given files using a specific updater (lock timeout). */
    public ProfileWriter(AwsFileLocations locations, LockedFileUpdater updater) {
        this.locations = Objects.requireNonNull(locations, "locations");
        this.updater = Objects.requireNonNull(updater, "updater");
        this.batches = new GroupCommit(updater, locations.credentialsFile(), locations.configFile());
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
     * @param replaceProfile replace sections Keyport did not create (the file is backed up first); if false, such a
     *                       section makes the call fail with {@link ErrorCategory#CONFLICT} and nothing changes
     */
    public void writeProfile(String profileName, String ownerSessionId, AwsCredentials credentials, String region,
                             boolean replaceProfile) {
        awaitWritten(writeProfileAsync(profileName, ownerSessionId, credentials, region, replaceProfile));
    }

    /**
     * {@link #writeProfile} without waiting: the future completes once the profile is on disk (together with whatever
     * other changes were waiting for the files), or with the refusal. Invalid input is refused at once, by throwing.
     */
    public CompletableFuture<Void> writeProfileAsync(String profileName, String ownerSessionId,
                                                     AwsCredentials credentials, String region,
                                                     boolean replaceProfile) {
        validateProfileName(profileName);
        validateOwner(ownerSessionId);
        Objects.requireNonNull(credentials, "credentials");
        ProfileInputChecks.checkValue(credentials.accessKeyId(), "access key id");
        ProfileInputChecks.checkValue(credentials.secretAccessKey(), "secret access key");
        ProfileInputChecks.checkValue(credentials.sessionToken(), "session token");
        boolean hasRegion = ProfileInputChecks.checkRegion(region);
        ProfileInputChecks.checkDistinctFiles(locations);

        String markerLine = MANAGED_KEY + " = " + ownerSessionId;
        String expires = DateTimeFormatter.ISO_INSTANT.format(credentials.expiration().truncatedTo(ChronoUnit.SECONDS));
        List<String> credentialsBody = List.of(
                "aws_access_key_id = " + credentials.accessKeyId(),
                "aws_secret_access_key = " + credentials.secretAccessKey(),
                "aws_session_token = " + credentials.sessionToken(),
                EXPIRES_KEY + " = " + expires,
                markerLine);
        List<String> configBody = hasRegion ? List.of("region = " + region, markerLine) : List.of(markerLine);
        return write(profileName, ownerSessionId, credentialsBody, configBody, replaceProfile).thenRun(() ->
                LOG.log(System.Logger.Level.INFO, "Wrote profile " + profileName + " for session " + ownerSessionId
                        + " (expires " + expires + ") to " + locations.credentialsFile() + " and "
                        + locations.configFile()));
    }

    /**
     * Creates or refreshes a profile that gets its credentials by running {@code command} (the AWS
     * {@code credential_process} setting): the config section carries the region, the command and the marker, and
     * the credentials file keeps no section for the profile, since static keys there would win over the command.
     * Keyport's own credentials section for the profile is removed; one Keyport did not create is refused (or, with
     * {@code replaceProfile}, backed up and removed).
     *
     * @param command the command line, as the AWS tools split it (quote paths with spaces); one line
     */
    public void writeCredentialProcessProfile(String profileName, String ownerSessionId, String command,
                                              String region, boolean replaceProfile) {
        awaitWritten(writeCredentialProcessProfileAsync(profileName, ownerSessionId, command, region, replaceProfile));
    }

    /** {@link #writeCredentialProcessProfile} without waiting; see {@link #writeProfileAsync}. */
    public CompletableFuture<Void> writeCredentialProcessProfileAsync(String profileName, String ownerSessionId,
                                                                      String command, String region,
                                                                      boolean replaceProfile) {
        validateProfileName(profileName);
        validateOwner(ownerSessionId);
        ProfileInputChecks.checkCommand(command);
        boolean hasRegion = ProfileInputChecks.checkRegion(region);
        ProfileInputChecks.checkDistinctFiles(locations);
        String markerLine = MANAGED_KEY + " = " + ownerSessionId;
        List<String> configBody = new ArrayList<>();
        if (hasRegion) {
            configBody.add("region = " + region);
        }
        configBody.add("credential_process = " + command);
        configBody.add(markerLine);
        return write(profileName, ownerSessionId, null, configBody, replaceProfile).thenRun(() ->
                LOG.log(System.Logger.Level.INFO, "Wrote profile " + profileName + " for session " + ownerSessionId
                        + " (credential_process) to " + locations.configFile()));
    }

    /**
     * Writes both files in one locked update (batched with other waiting changes); {@code credentialsBody} null means
     * "no credentials section".
     */
    private CompletableFuture<Void> write(String profileName, String ownerSessionId, List<String> credentialsBody,
                                          List<String> configBody, boolean replaceProfile) {
        String credentialsSection = profileName;
        String configSection = configSectionName(profileName);

        List<String> takenOver = new ArrayList<>();
        return batches.submit(files -> {
            // The edit may run more than once; report only what the final run saw.
            takenOver.clear();
            // Nothing goes into a file the AWS tools cannot read (they would fail on it with Keyport's profile too).
            refuseUnreadable("credentials", locations.credentialsFile(), files.credentialsProblem());
            refuseUnreadable("config", locations.configFile(), files.configProblem());
            IniDocument credentialsDoc = files.credentials;
            IniDocument configDoc = files.config;
            List<IniDocument.Section> credentialsFound =
                    ProfileSections.matching(credentialsDoc, credentialsSection, false);
            List<IniDocument.Section> configFound = ProfileSections.matching(configDoc, configSection, true);
            boolean credentialsForeign = credentialsFound.stream().anyMatch(s -> !SectionOwnership.isKeyports(s));
            boolean configForeign = configFound.stream().anyMatch(s -> !SectionOwnership.isKeyports(s));
            // Both files are judged before either is edited, so a refusal changes nothing anywhere.
            if ((credentialsForeign || configForeign) && !replaceProfile) {
                throw SectionOwnership.conflict(locations, credentialsForeign ? credentialsSection : null,
                        configForeign ? configSection : null);
            }
            SectionOwnership.noteOtherOwners(credentialsFound, credentialsSection, locations.credentialsFile(),
                    ownerSessionId, takenOver);
            SectionOwnership.noteOtherOwners(configFound, configSection, locations.configFile(), ownerSessionId,
                    takenOver);
            Optional<String> credentialsOriginal = ReplacedSections.replacedOriginal(credentialsFound,
                    credentialsForeign, locations.credentialsFile());
            Optional<String> configOriginal = ReplacedSections.replacedOriginal(configFound, configForeign,
                    locations.configFile());
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
                ProfileSections.put(credentialsDoc, credentialsSection, false,
                        ReplacedSections.withReplaced(credentialsBody, credentialsOriginal));
            } else {
                // Never both for one profile (static keys in the credentials file would win over the command).
                for (List<IniDocument.Section> found = credentialsFound; !found.isEmpty();
                     found = ProfileSections.matching(credentialsDoc, credentialsSection, false)) {
                    credentialsDoc.removeSection(found.get(0));
                }
            }
            ProfileSections.put(configDoc, configSection, true,
                    ReplacedSections.withReplaced(configLines, configOriginal));
            if (credentialsForeign) {
                // The config file may name a backup of the credentials file (credential_process profiles).
                ReplacedSections.pruneBackups(locations.credentialsFile(), credentialsDoc, configDoc);
            }
            if (configForeign) {
                ReplacedSections.pruneBackups(locations.configFile(), configDoc);
            }
            return null;
        }).thenRun(() -> {
            for (String message : takenOver) {
                LOG.log(System.Logger.Level.INFO, message);
            }
        });
    }

    private static void refuseUnreadable(String kind, Path file, Optional<String> problemFound) {
        problemFound.ifPresent(problem -> {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "The AWS " + kind + " file " + file + " cannot be"
                    + " read by the AWS tools (the AWS CLI refuses it too): " + problem + ". Fix it and start again;"
                    + " Keyport changed neither file.");
        });
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
        return awaitWritten(removeProfileAsync(profileName, ownerSessionId));
    }

    /** {@link #removeProfile} without waiting: the future completes once the files are written; see there. */
    public CompletableFuture<List<String>> removeProfileAsync(String profileName, String ownerSessionId) {
        validateProfileName(profileName);
        validateOwner(ownerSessionId);
        ProfileInputChecks.checkDistinctFiles(locations);
        String credentialsSection = profileName;
        String configSection = configSectionName(profileName);
        List<String> leftAlone = new ArrayList<>();
        List<String> done = new ArrayList<>();
        return batches.submit(files -> {
            // The edit may run more than once; report only what the final run saw.
            leftAlone.clear();
            done.clear();
            IniDocument credentialsDoc = files.credentials;
            IniDocument configDoc = files.config;
            SectionOwnership.removeOwned(credentialsDoc, credentialsSection, false, locations.credentialsFile(),
                    ownerSessionId, leftAlone, done);
            Optional<String> removedCredentials = ProfileSections.matching(configDoc, configSection, true).stream()
                    .filter(x -> SectionOwnership.isOwnedBy(x, ownerSessionId))
                    .map(x -> x.property(REPLACED_CREDENTIALS_KEY)).flatMap(Optional::stream).findFirst();
            SectionOwnership.removeOwned(configDoc, configSection, true, locations.configFile(), ownerSessionId,
                    leftAlone, done);
            if (removedCredentials.isPresent()
                    && ProfileSections.matching(credentialsDoc, credentialsSection, false).isEmpty()) {
                // The credentials section was removed for a credential_process profile; the user's one comes back.
                ReplacedSections.originalSection(locations.credentialsFile(), removedCredentials.get(),
                                credentialsSection, false, done)
                        .ifPresent(original -> {
                            credentialsDoc.appendSection(credentialsSection, original.bodyLines());
                            done.add("put back your own [" + credentialsSection + "] in " + locations.credentialsFile()
                                    + " (from the backup " + removedCredentials.get() + ")");
                        });
            }
            return null;
        }).thenApply(ignored -> {
            for (String message : leftAlone) {
                LOG.log(System.Logger.Level.INFO, message);
            }
            for (String message : done) {
                LOG.log(System.Logger.Level.INFO, "Profile " + profileName + " of session " + ownerSessionId + ": "
                        + message);
            }
            return List.copyOf(done);
        });
    }

    /**
     * A future that completes once every change submitted before it is on disk: what is read from the files after it
     * reflects them (a read-back after a restart must not overtake a withdrawal still queued).
     */
    public CompletableFuture<Void> afterQueuedChanges() {
        return batches.submit(files -> null);
    }

    /** Waits for a batched change: its own refusal or failure is thrown as it was raised. */
    <T> T awaitWritten(CompletableFuture<T> change) {
        if (batches.isWriterThread()) {
            // The writing thread would wait for itself (a caller chained on a change's future that writes again).
            throw new IllegalStateException("Waiting for a profile change on the thread that writes the files");
        }
        try {
            return change.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * The credentials this writer delivered for a session, read back from the credentials file: the profile's section
     * must carry the session's own marker (not the legacy one) and complete keys with their expiry. Used after a
     * daemon restart, so that credentials still valid need no new sign-in. Nothing is changed.
     */
    public Optional<AwsCredentials> readDelivered(String profileName, String ownerSessionId) {
        validateProfileName(profileName);
        validateOwner(ownerSessionId);
        return DeliveredCredentials.read(locations.credentialsFile(), profileName, ownerSessionId);
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
        ProfileInputChecks.validateProfileName(profileName);
    }

    /**
     * Rejects a session id that cannot serve as the ownership marker's value: it must be non-blank, free of whitespace
     * and control characters, and must not be the legacy value {@value #LEGACY_OWNER} (which would make the section
     * removable by every session). The id is not echoed.
     *
     * @throws KeyportException with {@link ErrorCategory#INVALID_INPUT}
     */
    public static void validateOwner(String ownerSessionId) {
        ProfileInputChecks.validateOwner(ownerSessionId);
    }

    /** The config-file section for a profile: {@code default} for the default profile, else {@code profile NAME}. */
    public static String configSectionName(String profileName) {
        return profileName.equals("default") ? "default" : "profile " + profileName;
    }
}
