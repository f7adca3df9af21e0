package org.rehabloop.plan.adjustment;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AutoAdjust;

import static org.assertj.core.api.Assertions.assertThat;

/** autoAdjust: NONE proposes everything; SAFE applies DELOAD, HOLD and PROGRESS; ALL applies everything. */
class PolicyTest {

    @ParameterizedTest(name = "{0} {1} -> applied {2}")
    @CsvSource({
            "NONE, DELOAD, false", "NONE, HOLD, false", "NONE, PROGRESS, false", "NONE, SUBSTITUTE, false", "NONE, ADVANCE_PHASE, false",
            "SAFE, DELOAD, true", "SAFE, HOLD, true", "SAFE, PROGRESS, true", "SAFE, SUBSTITUTE, false", "SAFE, ADVANCE_PHASE, false",
            "ALL, DELOAD, true", "ALL, HOLD, true", "ALL, PROGRESS, true", "ALL, SUBSTITUTE, true", "ALL, ADVANCE_PHASE, true",
    })
    void whatIsAppliedWithoutTheClinician(AutoAdjust policy, AdjustmentType type, boolean applied) {
        assertThat(AdjustmentService.appliesAutomatically(policy, type)).isEqualTo(applied);
    }
}
