package dev.keyport.plugin;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** Where drop-in IdP provider jars are looked for. */
@ConfigMapping(prefix = "keyport.plugins")
public interface PluginsConfig {

    /** Folder of provider jars, each loaded in its own class loader. Default: {@code $KEYPORT_HOME/plugins}. */
    Optional<String> dir();
}
