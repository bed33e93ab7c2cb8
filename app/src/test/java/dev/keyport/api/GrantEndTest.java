package dev.keyport.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An exec run's stream hears that its grant ended exactly once, whether the end comes before it is attached or after. */
class GrantEndTest {

    @Test
    void endedBeforeTheStreamIsAttached() {
        GrantEnd end = new GrantEnd();
        List<String> told = new CopyOnWriteArrayList<>();
        end.ended("the session stopped");
        end.attach(told::add);
        assertEquals(List.of("the session stopped"), told);
    }

    @Test
    void endedAfterTheStreamIsAttached() {
        GrantEnd end = new GrantEnd();
        List<String> told = new CopyOnWriteArrayList<>();
        end.attach(told::add);
        assertEquals(List.of(), told);
        end.ended("the lifetime passed");
        assertEquals(List.of("the lifetime passed"), told);
    }

    @Test
    void racingEndAndAttachTellTheStreamOnce() throws Exception {
        for (int round = 0; round < 2000; round++) {
            GrantEnd end = new GrantEnd();
            List<String> told = new CopyOnWriteArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            Thread ender = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                end.ended("stopped");
            });
            ender.start();
            go.countDown();
            end.attach(told::add);
            ender.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!ender.isAlive());
            assertEquals(List.of("stopped"), told, "round " + round);
        }
    }
}
