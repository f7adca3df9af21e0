package org.rehabloop.contracts;

import java.time.LocalDate;

/** The programme's current phase of the template (1 Activation, 2 Strengthening, 3 Functional). */
public record Phase(int number, String name, LocalDate startedOn) {
}
