/**
 * A minimal Chrome DevTools Protocol client for the browser-based SAML login.
 *
 * <p>Only the JDK and Jackson are used: a full CDP library would pin Keyport to one Chromium major version, while
 * the handful of commands needed here ({@code Target}, {@code Page}, {@code Fetch}, {@code Runtime}) have been stable
 * for years.
 *
 * <ul>
 *   <li>{@link dev.keyport.browser.cdp.ChromiumLauncher} starts Chromium with {@code --remote-debugging-pipe}, so no
 *       TCP port is ever opened that another local user or a web page could reach.</li>
 *   <li>{@link dev.keyport.browser.cdp.CdpConnection} speaks the NUL-delimited JSON protocol over that pipe.</li>
 *   <li>{@link dev.keyport.browser.cdp.CdpPage} wraps one flattened page session: navigate, intercept the SAML POST
 *       with {@code Fetch}, answer or block it, evaluate scripts.</li>
 *   <li>{@link dev.keyport.browser.cdp.FormFields} extracts a field such as {@code SAMLResponse} from a captured
 *       POST body.</li>
 * </ul>
 *
 * <p>Bodies and events may carry SAML assertions: nothing in this package logs them or prints them in
 * {@code toString()}.
 */
package dev.keyport.browser.cdp;
