package dev.keyport.testkit;

/**
 * The JavaScript behind {@link SimpleSamlPhpIdp#signInScript}: what a person does on SimpleSAMLphp's login page
 * ({@link SimpleSamlPhpIdp#USERNAME_SELECTOR}, {@link SimpleSamlPhpIdp#PASSWORD_SELECTOR},
 * {@link SimpleSamlPhpIdp#SUBMIT_SELECTOR}), for a browser driven over the DevTools protocol.
 */
final class SimpleSamlPhpSignInScript {

    private SimpleSamlPhpSignInScript() {
    }

    /**
     * A script for Runtime.evaluate that waits (up to 20 s, in the page) for the sign-in form, fills it in and submits
     * it. Resolves to true once submitted. The wait is in the page, as the script may be sent before the form loads.
     */
    static String fillAndSubmit(String username, String password) {
        return """
                new Promise((resolve, reject) => {
                  const deadline = Date.now() + 20000;
                  (function fill() {
                    const user = document.querySelector('%s');
                    if (user && document.readyState !== 'loading') {
                      user.value = %s;
                      document.querySelector('%s').value = %s;
                      document.querySelector('%s').click();
                      resolve(true);
                    } else if (Date.now() > deadline) {
                      reject(new Error('no sign-in form'));
                    } else {
                      setTimeout(fill, 50);
                    }
                  })();
                })""".formatted(SimpleSamlPhpIdp.USERNAME_SELECTOR, jsString(username),
                SimpleSamlPhpIdp.PASSWORD_SELECTOR, jsString(password), SimpleSamlPhpIdp.SUBMIT_SELECTOR);
    }

    /** A JavaScript single-quoted string literal (credentials may hold quotes and backslashes). */
    private static String jsString(String value) {
        StringBuilder out = new StringBuilder("'");
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '\'') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('\'').toString();
    }
}
