package dev.keyport.api.model;

/** The {@code closed} event of a container credentials grant: why the daemon ended it. */
public record GrantClosed(String reason) {
}
