package org.rehabloop.kit.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a caller put in a path reaches the audit trail as its columns can hold it, never failing the batch. */
class AuditLogStorableTest {

    @Test
    void nulAndUnpairedSurrogatesAreReplacedAndLongTextIsCut() {
        assertThat(AuditLog.storable("a\u0000b", 100)).isEqualTo("a\ufffdb");
        assertThat(AuditLog.storable("x\ud800y\udc00", 100)).isEqualTo("x\ufffdy\ufffd");
        assertThat(AuditLog.storable("k".repeat(3000), 100)).hasSize(100);
        assertThat(AuditLog.storable("\ud83d\ude00".repeat(60), 101)).hasSize(100); // a pair is never cut in two
        assertThat(AuditLog.storable(null, 100)).isNull();
    }
}
