package dev.keyport.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The container credentials endpoint that {@code keyport exec} hands to the programs it runs. */
@ConfigMapping(prefix = "keyport.container")
public interface ContainerConfig {

    /**
     * The longest a grant lives, even while its {@code keyport exec} run goes on (AWS's longest role session is 12
     * hours). A run that needs longer is started again.
     */
    @WithDefault("PT12H")
    Duration grantMaxLifetime();
}
