package dev.keyport.browser;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrowserLocatorTest {
    @TempDir
    Path dir;

    private Path executable(String name) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    @Test
    void configuredPathWins() throws Exception {
        Path mine = executable("my-chrome");
        Path other = executable("chromium");
        assertEquals(mine, BrowserLocator.locate(Optional.of(mine.toString()), List.of(other.toString())));
    }

    @Test
    void firstInstalledCandidateIsUsed() throws Exception {
        Path second = executable("google-chrome");
        assertEquals(second, BrowserLocator.locate(Optional.empty(),
                List.of(dir.resolve("chromium").toString(), second.toString())));
    }

    @Test
    void aConfiguredPathThatIsNotAnExecutableIsRefused() throws Exception {
        Path notExecutable = dir.resolve("readme.txt");
        Files.writeString(notExecutable, "x");
        KeyportException e = assertThrows(KeyportException.class,
                () -> BrowserLocator.locate(Optional.of(notExecutable.toString()), List.of()));
        assertTrue(e.getMessage().contains("keyport.browser.path"), e.getMessage());
    }

    @Test
    void noBrowserSaysWhereItLookedAndHowToFixIt() {
        KeyportException e = assertThrows(KeyportException.class,
                () -> BrowserLocator.locate(Optional.empty(), List.of(dir.resolve("chromium").toString())));
        assertEquals(ErrorCategory.UNAVAILABLE, e.category());
        assertTrue(e.getMessage().contains(dir.resolve("chromium").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install chromium"), e.getMessage());
    }

    @Test
    void eachSystemHasItsUsualPlaces() {
        assertTrue(BrowserLocator.candidates("Linux").contains("/usr/bin/chromium"));
        assertTrue(BrowserLocator.candidates("Mac OS X").get(0).startsWith("/Applications/"));
        assertTrue(BrowserLocator.candidates("Windows 11").get(0).endsWith("chrome.exe"));
    }
}
