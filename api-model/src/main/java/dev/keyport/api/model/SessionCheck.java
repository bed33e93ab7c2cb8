package dev.keyport.api.model;

import java.util.List;

/**
 * What {@code POST /api/v1/session-check} says of a session definition, storing nothing: the problems a create (or,
 * with {@code ?editing=}, an update) would refuse it for, each naming its field; else the provider it would get.
 */
public record SessionCheck(List<String> problems, String providerId, String providerReason) {
}
