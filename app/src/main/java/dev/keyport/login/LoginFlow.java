package dev.keyport.login;

/** How a session signs in to its IdP. */
public enum LoginFlow {
    /** The IdP's own pages in the system browser: headless while the IdP still knows the user, else a window. */
    BROWSER,
    /** The IdP's API, without a browser (Okta, OneLogin): questions go to the terminal or REST client. */
    HEADLESS
}
