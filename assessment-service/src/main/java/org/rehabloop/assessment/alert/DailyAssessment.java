package org.rehabloop.assessment.alert;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.rehabloop.assessment.projection.PatientLock;
import org.rehabloop.assessment.projection.PatientProgram;
import org.rehabloop.assessment.rules.Trigger;

import java.util.List;
import java.util.UUID;

/**
 * A patient who stops logging sends no events, so the time-based rules (adherence above all) also run once a day
 * for every programme. Each programme is judged under its patient's lock (as the consumers judge events), so a run
 * never meets a half-judged event; a second run, on this instance or another, finds the same evidence and changes
 * nothing.
 */
@ApplicationScoped
public class DailyAssessment {
    private static final Logger LOG = Logger.getLogger(DailyAssessment.class);

    @Inject
    AlertService alerts;

    @Inject
    PatientLock patients;

    @Scheduled(cron = "${rehabloop.assessment.daily-cron:0 0 6 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        LOG.infof("Daily assessment assessed %d programmes", runForAll());
    }

    /** Runs the rules for every programme; returns how many it assessed. */
    public int runForAll() {
        List<UUID> programmes = QuarkusTransaction.requiringNew().call(() -> PatientProgram.<PatientProgram>listAll()
                .stream().map(p -> p.programId).toList());
        int assessed = 0;
        for (UUID programId : programmes) {
            try {
                if (QuarkusTransaction.requiringNew().call(() -> assess(programId))) {
                    assessed++;
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Daily assessment of programme %s failed; the next run tries again", programId);
            }
        }
        return assessed;
    }

    private boolean assess(UUID programId) {
        PatientProgram program = PatientProgram.findById(programId);
        if (program == null) {
            return false;
        }
        patients.lock(program.patientId);
        return alerts.assess(programId, Trigger.SCHEDULE);
    }
}
