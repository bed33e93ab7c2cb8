package dev.keyport.assertion;

import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.saml2.core.Attribute;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads the AWS attributes of an assertion (Role, RoleSessionName, SessionDuration) with one provider's quirks
 * applied, and whatever the provider sends under its aliases of them. Fed the attributes one by one by
 * {@link AssertionWalk}, in document order; what it tolerates goes into the walk's notes, in the order it is met, so
 * the notes read like the document.
 */
final class AwsAttributeReader {
    private final ProviderQuirks quirks;
    private final List<String> notes;
    /** Why the assertion holds no usable role, when it holds none: the part of the notes a start error repeats. */
    private final Set<String> roleNotes = new LinkedHashSet<>();
    private final Set<RolePair> pairs = new LinkedHashSet<>();
    /** Values found under a provider's alias of an AWS attribute: AWS name → (alias name, raw values). */
    private final Map<String, Map.Entry<String, List<String>>> aliasValues = new LinkedHashMap<>();
    private String roleSessionName;
    private boolean sessionNameSeen;
    private OptionalInt sessionDuration = OptionalInt.empty();
    private boolean sessionDurationSeen;
    private int roleValueIndex;

    /**
     * @param quirks the quirks of the provider that issued the assertion
     * @param notes  the walk's notes, added to as attributes are read
     */
    AwsAttributeReader(ProviderQuirks quirks, List<String> notes) {
        this.quirks = quirks;
        this.notes = notes;
    }

    /** The role pairs read so far, each once, in document order. */
    Set<RolePair> pairs() {
        return pairs;
    }

    /** Why no usable role was found (meaningful only while {@link #pairs()} is empty). */
    Set<String> roleNotes() {
        return roleNotes;
    }

    /** The first RoleSessionName value, or null. */
    String roleSessionName() {
        return roleSessionName;
    }

    OptionalInt sessionDuration() {
        return sessionDuration;
    }

    /** Takes in one attribute of an AttributeStatement; attributes AWS does not read (and no alias) are ignored. */
    void read(Attribute attribute) {
        String name = attribute.getName();
        String aliasOf = quirks.aliasTarget(name);
        if (aliasOf != null && !AwsSamlAttributes.ALL.contains(name)) {
            List<String> values = aliasValues.computeIfAbsent(aliasOf,
                    k -> Map.entry(name, new ArrayList<>())).getValue();
            for (XMLObject value : attribute.getAttributeValues()) {
                SamlResponseParser.nonBlank(text(value)).ifPresent(values::add);
            }
            return;
        }
        if (AwsSamlAttributes.ROLE.equals(name)) {
            for (XMLObject value : attribute.getAttributeValues()) {
                roleValueIndex++;
                String raw = text(value);
                String normalised = quirks.normaliseRoleValue(raw);
                if (quirks.isPlaceholderRoleValue(normalised)) {
                    String note = "Role value #" + roleValueIndex + " is " + quirks.name() + "'s placeholder for"
                            + " a user who has no AWS role; skipped";
                    notes.add(note);
                    roleNotes.add(quirks.name() + " sent its placeholder for a user without an AWS role:"
                            + " no AWS role is assigned to you there");
                    continue;
                }
                RoleValues.Outcome outcome = RoleValues.parse(normalised);
                if (outcome.pair().isPresent()) {
                    if (!pairs.add(outcome.pair().get())) {
                        notes.add("Role value #" + roleValueIndex + " repeats an earlier pair; kept once");
                    }
                } else {
                    String note = "Role value #" + roleValueIndex + " skipped: " + outcome.skipReason();
                    notes.add(note);
                    roleNotes.add(note);
                }
            }
        } else if (AwsSamlAttributes.ROLE_SESSION_NAME.equals(name)) {
            for (XMLObject value : attribute.getAttributeValues()) {
                Optional<String> text = SamlResponseParser.nonBlank(text(value));
                if (text.isPresent()) {
                    if (roleSessionName == null) {
                        roleSessionName = text.get();
                    } else if (!sessionNameSeen) {
                        sessionNameSeen = true;
                        notes.add("Several RoleSessionName values; the first one is used");
                    }
                }
            }
        } else if (AwsSamlAttributes.SESSION_DURATION.equals(name)) {
            for (XMLObject value : attribute.getAttributeValues()) {
                Optional<String> text = SamlResponseParser.nonBlank(text(value));
                if (text.isEmpty() || sessionDurationSeen) {
                    continue;
                }
                sessionDurationSeen = true;
                try {
                    sessionDuration = OptionalInt.of(Integer.parseInt(text.get()));
                } catch (NumberFormatException e) {
                    notes.add("SessionDuration is not a whole number of seconds; ignored");
                }
            }
        }
    }

    /**
     * Compares what a provider sends under its aliases of AWS attributes with what it sends under the AWS names.
     * AWS reads only its own names, so alias values are never used: copies are expected (Azure AD repeats the
     * roles under its role claim), but data found only under an alias means the IdP names it wrongly. Called once,
     * after every assertion's attributes have been read.
     */
    void reconcileAliases() {
        aliasValues.forEach((awsName, entry) -> {
            String alias = entry.getKey();
            List<String> values = entry.getValue();
            if (AwsSamlAttributes.ROLE.equals(awsName)) {
                reconcileRoleAlias(alias, values);
            } else if (AwsSamlAttributes.ROLE_SESSION_NAME.equals(awsName) && roleSessionName == null
                    && !values.isEmpty()) {
                notes.add(quirks.name() + " sends the session name under attribute " + alias + ", which AWS does"
                        + " not read; AWS needs it as " + awsName);
            } else if (AwsSamlAttributes.SESSION_DURATION.equals(awsName) && !sessionDurationSeen
                    && !values.isEmpty()) {
                notes.add(quirks.name() + " sends the session duration under attribute " + alias + ", which AWS"
                        + " does not read; AWS reads it as " + awsName);
            }
        });
    }

    private void reconcileRoleAlias(String alias, List<String> values) {
        Set<RolePair> aliasPairs = new LinkedHashSet<>();
        for (String value : values) {
            String normalised = quirks.normaliseRoleValue(value);
            if (!quirks.isPlaceholderRoleValue(normalised)) {
                // Values that are no role pair (the IdP's other app roles) are simply not AWS roles.
                RoleValues.parse(normalised).pair().ifPresent(aliasPairs::add);
            }
        }
        if (aliasPairs.isEmpty()) {
            return;
        }
        if (pairs.isEmpty()) {
            String note = quirks.name() + " sends " + aliasPairs.size() + " role pair(s) only under attribute "
                    + alias + ", which AWS does not read: have its administrator send them as "
                    + AwsSamlAttributes.ROLE;
            notes.add(note);
            roleNotes.add(note);
            return;
        }
        long onlyThere = aliasPairs.stream().filter(p -> !pairs.contains(p)).count();
        if (onlyThere == 0) {
            notes.add("The " + aliasPairs.size() + " role pair(s) under attribute " + alias + " repeat the Role"
                    + " attribute (" + quirks.name() + " sends its roles twice); the copies are ignored");
        } else {
            notes.add(onlyThere + " role pair(s) under attribute " + alias + " are missing from the Role attribute;"
                    + " AWS reads only " + AwsSamlAttributes.ROLE + ", so they cannot be used");
        }
    }

    /** The text of an AttributeValue whatever its xsi:type (string, anyType, none...). */
    private static String text(XMLObject value) {
        if (value == null) {
            return null;
        }
        Element dom = value.getDOM();
        if (dom != null) {
            return dom.getTextContent();
        }
        if (value instanceof XSString s) {
            return s.getValue();
        }
        if (value instanceof XSAny any) {
            return any.getTextContent();
        }
        return null;
    }
}
