package org.rehabloop.assessment.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** SSRF: internal addresses are refused, by literal or by a name resolving to one, unless allow-listed. */
class AddressGuardTest {

    @ParameterizedTest(name = "{0} (http allowed {1}, allow-list ''{2}'') -> refused {3}")
    @CsvSource(delimiter = '|', value = {
            "https://127.0.0.1/hook             | false |           | true",
            "https://10.0.0.1/hook              | false |           | true",
            "https://169.254.169.254/latest     | false |           | true",
            "https://[::1]/hook                 | false |           | true",
            "https://localhost/hook             | false |           | true",
            "https://192.168.1.20/hook          | false |           | true",
            "https://172.16.5.4/hook            | false |           | true",
            "https://[fc00::1]/hook             | false |           | true",
            "https://[fe80::1]/hook             | false |           | true",
            "https://100.64.0.1/hook            | false |           | true",
            "https://0.0.0.0/hook               | false |           | true",
            "https://93.184.216.34/hook         | false |           | false",
            "http://93.184.216.34/hook          | false |           | true",
            "http://93.184.216.34/hook          | true  |           | false",
            "http://127.0.0.1:8080/hook         | true  | 127.0.0.1 | false",
            "https://localhost/hook             | false | localhost | false",
            "ftp://93.184.216.34/hook           | true  |           | true",
            "https:///nohost                    | false |           | true",
    })
    void refusesInternalAddresses(String url, boolean allowHttp, String allowed, boolean refused) {
        AddressGuard guard = new AddressGuard(allowHttp, allowed == null ? Set.of() : Set.of(allowed));
        assertThat(guard.refusal(url) != null).as(guard.refusal(url)).isEqualTo(refused);
    }

    @Test
    void theAddressThatWasCheckedIsTheOneToConnectTo() {
        AddressGuard guard = new AddressGuard(false, Set.of());
        AddressGuard.Checked checked = guard.check("https://93.184.216.34:8443/hooks/in?x=1");
        assertThat(checked.refused()).isFalse();
        assertThat(checked.address().getHostAddress()).isEqualTo("93.184.216.34");
        assertThat(checked.port()).isEqualTo(8443);
        assertThat(checked.target()).isEqualTo("/hooks/in?x=1");
        assertThat(guard.check("https://93.184.216.34").port()).isEqualTo(443);
        assertThat(guard.check("https://93.184.216.34").target()).isEqualTo("/");
    }

    @Test
    void anAllowListedNameIsPinnedToo() {
        AddressGuard.Checked checked = new AddressGuard(true, Set.of("localhost")).check("http://localhost:9/hook");
        assertThat(checked.refused()).isFalse();
        assertThat(checked.address().isLoopbackAddress()).isTrue();
    }
}
