package dev.keyport.api.model;

/** How a session signs in to its IdP. */
public enum LoginFlow {
    /** The IdP's pages in the system browser (the default). */
    BROWSER,
    /** The IdP's API, without a browser (providers okta and onelogin): questions come as the session's challenge. */
    HEADLESS
}
