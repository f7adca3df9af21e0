package org.rehabloop.kit.lifecycle;

import java.time.Duration;

/** A service's own background thread (relay, audit writer, dispatcher): started with the service, joined when it stops. */
public final class Daemon {
    private Daemon() {
    }

    /** Starts {@code work} on a daemon thread named {@code name}, so a stuck one never keeps the process alive. */
    public static Thread start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Waits at most {@code wait} for the thread to end; nothing to wait for when it never started. */
    public static void join(Thread thread, Duration wait) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
