package dev.keyport.api.model;

/** What became of one session asked for from a discovery: created (and started), or the problem that stopped it. */
public record DiscoveredSession(String alias, SessionView session, String problem) {
}
