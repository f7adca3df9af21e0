package org.rehabloop.assessment.webhook;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class SignerTest {

    @Test
    void theSpecificationsTestVector() {
        assertThat(Signer.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void anIndependentLibraryVerifiesOurSignatureWithAFreshSecret() {
        String secret = Signer.newSecret();
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        long now = Instant.now().getEpochSecond();
        String body = "{\"type\":\"webhook.ping\"}";
        String signature = Signer.sign(secret, "msg_1", now, body);
        assertThatCode(() -> new Webhook(secret).verify(body, Map.of("webhook-id", List.of("msg_1"),
                "webhook-timestamp", List.of(String.valueOf(now)), "webhook-signature", List.of(signature))))
                .doesNotThrowAnyException();
    }
}
