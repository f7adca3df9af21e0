package org.rehabloop.assessment.rules;

/**
 * A rule over windows of time: its findings depend on the history and the time alone, never on what triggered it (a
 * session, a check-in or the daily run), so it runs on every trigger and, over one history at one time, finds the same
 * for each.
 */
interface WindowRule extends Rule {
}
