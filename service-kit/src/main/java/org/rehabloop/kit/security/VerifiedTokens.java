package org.rehabloop.kit.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import javax.crypto.SecretKey;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Verifies a bearer token's RS256 signature once, not on every call: a phone sends the same token with each request
 * until it expires, and the signature check was a tenth of a logged session's CPU. A token seen before is answered from
 * memory while its {@code exp} is ahead; an expired one goes through the full check again, which refuses it. Only tokens
 * that passed the check are kept; at most {@value #MOST} of them.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {
    static final int MOST = 10_000;

    private final JWTParser verifier;
    private final LongSupplier epochSecond;
    private final ConcurrentHashMap<String, JsonWebToken> verified = new ConcurrentHashMap<>();

    @Inject
    VerifiedTokens(DefaultJWTParser verifier) {
        // the system's time, as the verifier's own check of exp uses
        this(verifier, () -> System.currentTimeMillis() / 1000);
    }

    VerifiedTokens(JWTParser verifier, LongSupplier epochSecond) {
        this.verifier = verifier;
        this.epochSecond = epochSecond;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.get(token);
        if (known != null && known.getExpirationTime() > epochSecond.getAsLong()) {
            return known;
        }
        verified.remove(token);
        JsonWebToken fresh = verifier.parse(token);
        if (fresh.getExpirationTime() > 0) {
            if (verified.size() >= MOST) {
                verified.clear(); // a rare burst of new callers: start again rather than track ages
            }
            verified.put(token, fresh);
        }
        return fresh;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
