package org.rehabloop.kit.tx;

import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.function.Supplier;

/** A value kept for the caller's transaction alone, in its JTA registry: gone with the transaction. */
public final class PerTransaction {
    private PerTransaction() {
    }

    /** The transaction's value under {@code key}, made by {@code make} on first use. */
    @SuppressWarnings("unchecked")
    public static <T> T get(TransactionSynchronizationRegistry registry, Object key, Supplier<T> make) {
        T value = (T) registry.getResource(key);
        if (value == null) {
            value = make.get();
            registry.putResource(key, value);
        }
        return value;
    }
}
