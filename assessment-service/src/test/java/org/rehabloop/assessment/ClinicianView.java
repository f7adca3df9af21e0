package org.rehabloop.assessment;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.rehabloop.assessment.Auth.as;

/** What a clinician's dashboard shows of a patient, to compare two ways of reaching the same alerts. */
public final class ClinicianView {
    private ClinicianView() {
    }

    /** Each alert of the patient as rule/exercise/severity/adjustment type/status. */
    public static Set<String> alerts(UUID clinician, UUID patient) {
        List<Map<String, Object>> items = as("clinician", clinician).queryParam("patientId", patient)
                .get("/v1/alerts").path("items");
        return items.stream().map(a -> a.get("ruleCode") + "/" + a.get("exerciseCode") + "/" + a.get("severity") + "/"
                + (a.get("adjustment") instanceof Map<?, ?> adjustment ? adjustment.get("type") : null) + "/"
                + a.get("status")).collect(Collectors.toSet());
    }
}
