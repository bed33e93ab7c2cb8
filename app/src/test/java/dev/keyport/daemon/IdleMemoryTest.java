package dev.keyport.daemon;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleMemoryTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void aSmallHeapIsLeftAlone() {
        assertFalse(IdleMemory.shouldCollect(24 * MIB, 0));
    }

    @Test
    void aHeapGrownByABurstIsCollected() {
        assertTrue(IdleMemory.shouldCollect(180 * MIB, 0));
        assertTrue(IdleMemory.shouldCollect(180 * MIB, 40 * MIB));
    }

    @Test
    void aHeapThatStayedWhereTheLastCollectionLeftItIsNotCollectedAgain() {
        assertFalse(IdleMemory.shouldCollect(60 * MIB, 50 * MIB));
    }

    @Test
    void aDaemonIsQuietWhenItReceivesAlmostNoRequests() {
        assertTrue(IdleMemory.isQuiet(0));
        assertTrue(IdleMemory.isQuiet(IdleMemory.QUIET_REQUESTS));
        assertFalse(IdleMemory.isQuiet(IdleMemory.QUIET_REQUESTS + 1));
        assertFalse(IdleMemory.isQuiet(500), "a burst of starts");
    }
}
