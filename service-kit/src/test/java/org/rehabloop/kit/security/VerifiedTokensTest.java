package org.rehabloop.kit.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A token is verified once while it is valid; an expired or refused one is checked every time. */
class VerifiedTokensTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> checked = new ArrayList<>();

    /** Stands for the signature check: "good-<exp>" passes until exp (seconds), anything else is refused. */
    private final DefaultJWTParser verifier = new DefaultJWTParser() {
        @Override
        public JsonWebToken parse(String token) throws ParseException {
            checked.add(token);
            long exp = token.startsWith("good-") ? Long.parseLong(token.substring(5)) : 0;
            if (exp <= now.get()) {
                throw new ParseException("refused");
            }
            JwtClaims claims = new JwtClaims();
            claims.setSubject("someone");
            claims.setExpirationTime(NumericDate.fromSeconds(exp));
            return new DefaultJWTCallerPrincipal(claims);
        }
    };

    private final VerifiedTokens tokens = new VerifiedTokens(verifier, now::get);

    @Test
    void aValidTokenIsVerifiedOnceThenAnsweredFromMemory() throws Exception {
        JsonWebToken first = tokens.parse("good-2000");
        JsonWebToken again = tokens.parse("good-2000");

        assertThat(again).isSameAs(first);
        assertThat(again.getSubject()).isEqualTo("someone");
        assertThat(checked).containsExactly("good-2000");
    }

    @Test
    void anExpiredTokenIsCheckedAgainAndRefused() throws Exception {
        tokens.parse("good-2000");
        now.set(2_000);

        assertThatThrownBy(() -> tokens.parse("good-2000")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse("good-2000")).isInstanceOf(ParseException.class);
        assertThat(checked).containsExactly("good-2000", "good-2000", "good-2000");
    }

    @Test
    void aRefusedTokenIsNeverKept() {
        assertThatThrownBy(() -> tokens.parse("forged")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse("forged")).isInstanceOf(ParseException.class);
        assertThat(checked).containsExactly("forged", "forged");
    }

    @Test
    void keepsAtMostItsLimit() throws Exception {
        for (int i = 0; i <= VerifiedTokens.MOST; i++) {
            tokens.parse("good-" + (5_000 + i));
        }
        checked.clear();
        tokens.parse("good-" + (5_000 + VerifiedTokens.MOST));

        assertThat(checked).isEmpty();
    }
}
