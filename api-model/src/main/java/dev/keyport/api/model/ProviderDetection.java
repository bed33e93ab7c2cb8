package dev.keyport.api.model;

import java.util.List;

/**
 * Which provider would serve a SAML URL ({@code GET /api/v1/providers/detect?samlUrl=}), and why; or what is wrong
 * with the URL.
 */
public record ProviderDetection(String providerId, String displayName, String reason, Boolean headlessLogin,
                                List<String> problems) {
}
