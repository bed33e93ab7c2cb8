package org.example.keyport.simplesamlphp;

import dev.keyport.spi.IdpProvider;

import java.net.URI;
import java.util.List;

/**
 * A third-party Keyport provider for SimpleSAMLphp identity providers, built against keyport-spi alone. It is the
 * sample to copy: recognition by URL and issuer, and the sign-in page pattern that lets a background login show its
 * window as soon as SimpleSAMLphp asks for a password.
 *
 * <p>SimpleSAMLphp starts IdP-initiated logins at {@code .../saml2/idp/SSOService.php?spentityid=...} (1.x) or
 * {@code .../module.php/saml/idp/singleSignOnService} (2.x); its Issuer is the IdP metadata URL.
 */
public final class SimpleSamlPhpProvider implements IdpProvider {

    @Override
    public String id() {
        return "simplesamlphp";
    }

    @Override
    public String displayName() {
        return "SimpleSAMLphp (sample plugin)";
    }

    @Override
    public boolean recognisesLoginUrl(URI samlUrl) {
        String path = samlUrl.getPath() == null ? "" : samlUrl.getPath();
        return path.endsWith("/saml2/idp/SSOService.php")
                || path.endsWith("/module.php/saml/idp/singleSignOnService");
    }

    @Override
    public boolean recognisesIssuer(String issuer) {
        String value = issuer.strip();
        return value.endsWith("/saml2/idp/metadata.php") || value.endsWith("/module.php/saml/idp/metadata");
    }

    /** The user name and password form of the core:UserPass auth sources, in both major versions. */
    @Override
    public List<String> loginPagePatterns() {
        return List.of("/module\\.php/core/loginuserpass(\\.php)?");
    }
}
