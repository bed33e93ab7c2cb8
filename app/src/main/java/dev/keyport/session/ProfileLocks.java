package dev.keyport.session;

import jakarta.inject.Singleton;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per named profile. Sessions that share a profile change state one at a time, so only one of them is ever
 * active and the files never see two writers for one profile.
 */
@Singleton
public class ProfileLocks {
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public <T> T with(String profile, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(profile, p -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
