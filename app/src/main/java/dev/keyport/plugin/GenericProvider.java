package dev.keyport.plugin;

import dev.keyport.spi.IdpProvider;

import java.net.URI;
import java.util.List;

/**
 * The provider of sessions whose SAML URL no provider recognises (ADFS, Keycloak, Shibboleth, a custom pre-login
 * page), or several do. It only knows the sign-in page shapes most IdPs share; a session or the configuration can
 * add its own patterns.
 */
public final class GenericProvider implements IdpProvider {
    public static final String ID = "generic";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Generic SAML 2.0 IdP";
    }

    /** Never claims a URL: it is what detection falls back to, not a candidate. */
    @Override
    public boolean recognisesLoginUrl(URI samlUrl) {
        return false;
    }

    /**
     * Pages most IdPs name as sign-in pages (".../login", ".../signin.php", Keycloak's login actions). IdPs that show
     * their form at the SAML URL itself (ADFS, Keycloak's first page) cannot be told apart by URL: for them the
     * background timeout brings the window up.
     */
    @Override
    public List<String> loginPagePatterns() {
        return List.of("(?i)/(login|signin|sign-in|logon)(\\.[a-z]+)?([/?#]|$)", "/realms/[^/]+/login-actions/");
    }
}
