package org.rehabloop.logging.sync;

import org.rehabloop.logging.checkin.PainCheckInRequest;
import org.rehabloop.logging.session.LogSessionRequest;

import java.util.List;

/**
 * {@code POST /v1/patients/{patientId}/sync}: what an offline phone stored, up to 100 items in all. Items are checked
 * one by one, so one bad item does not hold back the others.
 */
public record SyncRequest(List<LogSessionRequest> sessions, List<PainCheckInRequest> checkIns) {
    public static final int MAX_ITEMS = 100;

    List<LogSessionRequest> sessionsOrEmpty() {
        return sessions == null ? List.of() : sessions;
    }

    List<PainCheckInRequest> checkInsOrEmpty() {
        return checkIns == null ? List.of() : checkIns;
    }
}
