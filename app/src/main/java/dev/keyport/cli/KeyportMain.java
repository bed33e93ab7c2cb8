package dev.keyport.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Entry point placeholder; replaced by the real CLI below. */
@QuarkusMain
public class KeyportMain {
    public static void main(String... args) {
        Quarkus.run(args);
    }
}
