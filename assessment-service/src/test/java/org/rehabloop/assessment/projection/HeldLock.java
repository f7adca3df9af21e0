package org.rehabloop.assessment.projection;

import io.quarkus.narayana.jta.QuarkusTransaction;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A patient's lock held by a transaction of another thread, as the {@link BacklogJudge} holds it while it judges that
 * patient's programme, until closed: what the service does with the patient's events meanwhile can be watched.
 */
final class HeldLock implements AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread holding;

    private HeldLock(PatientLock patientLock, UUID patient) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        holding = new Thread(() -> QuarkusTransaction.requiringNew().run(() -> {
            patientLock.lock(patient);
            held.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holding.start();
        if (!held.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the patient's lock was not taken within 10 s");
        }
    }

    /** Once the lock is held. */
    static HeldLock of(PatientLock patientLock, UUID patient) throws InterruptedException {
        return new HeldLock(patientLock, patient);
    }

    @Override
    public void close() throws InterruptedException {
        release.countDown();
        holding.join(10_000);
    }
}
