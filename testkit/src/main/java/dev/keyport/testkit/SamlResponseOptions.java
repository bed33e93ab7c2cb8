package dev.keyport.testkit;

import static dev.keyport.testkit.SamlResponseFactory.ACS_AWS;
import static dev.keyport.testkit.SamlResponseFactory.AUDIENCE_AWS;
import static dev.keyport.testkit.SamlResponseFactory.NAMEID_PERSISTENT;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.opensaml.saml.saml2.core.Attribute;

import dev.keyport.testkit.SamlResponseFactory.PairOrder;
import dev.keyport.testkit.SamlResponseFactory.ValueType;

/**
 * What one generated Response may vary (issuer, NameID, Role values and their order, other attributes, destination
 * and audiences, times, signing, encryption, value types) and its defaults: a generic IdP, see
 * {@link SamlResponseFactory#response()}. The IdP presets of {@link SamlResponseFactory} only call these setters.
 *
 * <p>Callers meet it as {@link SamlResponseFactory.Builder}, its only subclass: the type parameter makes every setter
 * return that builder, so a chain still ends in {@code build()}. The options live here rather than in the factory to
 * keep each class small. Not thread-safe: one per response.
 */
public abstract class SamlResponseOptions<B extends SamlResponseOptions<B>> {
    // package-private: SamlResponseWriter reads them as they are; the setters below are the public surface
    String issuer = "https://idp.keyport.test/saml/metadata";
    String issuerFormat;
    String nameId = "alice@example.com";
    String nameIdFormat = NAMEID_PERSISTENT;
    PairOrder pairOrder = PairOrder.ROLE_FIRST;
    final List<String> roleValues = new ArrayList<>();
    boolean defaultPlaceholderWhenNoRoles;
    boolean azureDuplicateRoleClaim;
    String roleSessionName = "alice@example.com";
    String sessionDuration = "3600";
    String sourceIdentity;
    Instant sessionNotOnOrAfter;
    String destination = ACS_AWS;
    String recipient; // null: same as destination
    boolean includeDestination = true;
    final List<String> audiences = new ArrayList<>(List.of(AUDIENCE_AWS));
    Instant issueInstant; // null: now
    Duration validity = Duration.ofMinutes(5);
    boolean signResponse;
    boolean signAssertion = true;
    boolean encryptAssertion;
    ValueType valueType = ValueType.STRING;
    String roleAttributeNameFormat = Attribute.URI_REFERENCE;
    String otherAttributesNameFormat = Attribute.URI_REFERENCE;
    final Map<String, List<String>> extraAttributes = new LinkedHashMap<>();

    SamlResponseOptions() {
    }

    /** The concrete builder, so that every setter can return it (see the class comment). */
    abstract B self();

    public B issuer(String issuer) {
        this.issuer = issuer;
        return self();
    }

    /** Format attribute of the Issuer elements (Okta: entity); null for none. */
    public B issuerFormat(String format) {
        this.issuerFormat = format;
        return self();
    }

    public B nameId(String value, String format) {
        this.nameId = value;
        this.nameIdFormat = format;
        return self();
    }

    public B pairOrder(PairOrder order) {
        this.pairOrder = Objects.requireNonNull(order);
        return self();
    }

    /** Adds one Role value "role,provider" or "provider,role" following {@link #pairOrder(PairOrder)}. */
    public B rolePair(String roleArn, String providerArn) {
        roleValues.add(pairOrder == PairOrder.ROLE_FIRST ? roleArn + "," + providerArn : providerArn + "," + roleArn);
        return self();
    }

    /** Adds Role AttributeValues verbatim (order, padding, trailing commas, several pairs, "Default"...). */
    public B roleValue(String... rawValues) {
        roleValues.addAll(List.of(rawValues));
        return self();
    }

    public B clearRoles() {
        roleValues.clear();
        return self();
    }

    /** Adds the OneLogin "Default" placeholder value. */
    public B defaultRolePlaceholder() {
        roleValues.add("Default");
        return self();
    }

    /** When set and no Role value was added, the Role attribute carries "Default" (OneLogin, user without role). */
    public B defaultPlaceholderWhenNoRoles(boolean on) {
        this.defaultPlaceholderWhenNoRoles = on;
        return self();
    }

    /** Repeats every Role value under {@link SamlResponseFactory#AZURE_ROLE_CLAIM}. */
    public B azureDuplicateRoleClaim(boolean on) {
        this.azureDuplicateRoleClaim = on;
        return self();
    }

    public B roleSessionName(String name) {
        this.roleSessionName = Objects.requireNonNull(name);
        return self();
    }

    public B noRoleSessionName() {
        this.roleSessionName = null;
        return self();
    }

    public B sessionDuration(int seconds) {
        this.sessionDuration = Integer.toString(seconds);
        return self();
    }

    /** SessionDuration attribute value verbatim (e.g. " 7200 " or "abc"). */
    public B sessionDurationRaw(String value) {
        this.sessionDuration = Objects.requireNonNull(value);
        return self();
    }

    public B noSessionDuration() {
        this.sessionDuration = null;
        return self();
    }

    public B sourceIdentity(String value) {
        this.sourceIdentity = value;
        return self();
    }

    /** AuthnStatement/@SessionNotOnOrAfter; null for none (the default). */
    public B sessionNotOnOrAfter(Instant instant) {
        this.sessionNotOnOrAfter = instant;
        return self();
    }

    /** Response/@Destination and (unless {@link #recipient(String)} is set) SubjectConfirmationData/@Recipient. */
    public B destination(String acsUrl) {
        this.destination = Objects.requireNonNull(acsUrl);
        return self();
    }

    public B recipient(String acsUrl) {
        this.recipient = acsUrl;
        return self();
    }

    /** Leaves Response/@Destination out (Recipient stays). */
    public B noDestinationAttribute() {
        this.includeDestination = false;
        return self();
    }

    /** Replaces the audiences by one. */
    public B audience(String audience) {
        audiences.clear();
        audiences.add(audience);
        return self();
    }

    /** Replaces the audiences (none: no AudienceRestriction at all). */
    public B audiences(String... values) {
        audiences.clear();
        audiences.addAll(List.of(values));
        return self();
    }

    /** IssueInstant of Response and Assertion; validity windows are relative to it. Default: now. */
    public B issueInstant(Instant instant) {
        this.issueInstant = instant;
        return self();
    }

    /** Conditions NotBefore = issue - validity, NotOnOrAfter = issue + validity; SubjectConfirmationData NotOnOrAfter = issue + validity. */
    public B validity(Duration validity) {
        this.validity = Objects.requireNonNull(validity);
        return self();
    }

    public B signResponse(boolean on) {
        this.signResponse = on;
        return self();
    }

    public B signAssertion(boolean on) {
        this.signAssertion = on;
        return self();
    }

    /** EncryptedAssertion (RSA-OAEP + AES-128-CBC) to {@link SamlResponseFactory#encryptionKeyPair()}. */
    public B encryptAssertion(boolean on) {
        this.encryptAssertion = on;
        return self();
    }

    public B valueType(ValueType type) {
        this.valueType = Objects.requireNonNull(type);
        return self();
    }

    public B roleAttributeNameFormat(String nameFormat) {
        this.roleAttributeNameFormat = nameFormat;
        return self();
    }

    public B otherAttributesNameFormat(String nameFormat) {
        this.otherAttributesNameFormat = nameFormat;
        return self();
    }

    /** Any further attribute (e.g. PrincipalTag:*, Azure claims); values verbatim. */
    public B attribute(String name, String... values) {
        extraAttributes.put(name, List.of(values));
        return self();
    }
}
