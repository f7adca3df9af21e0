package org.rehabloop.infra;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Mints RS256 bearer tokens the services accept: {@code sub} = the user's id, {@code groups} = the role. Plain JDK,
 * so the local stack and the tests need no identity provider.
 */
public final class Tokens {
    /** The issuer the services expect unless {@code MP_JWT_VERIFY_ISSUER} says otherwise. */
    public static final String ISSUER = "https://rehabloop.local/issuer";

    private final PrivateKey key;
    private final String issuer;

    public Tokens(PrivateKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    public Tokens(JwtKeys keys) {
        this(keys.privateKey(), ISSUER);
    }

    public String mint(String role, UUID subject) {
        return mint(role, subject, Duration.ofHours(12));
    }

    public String mint(String role, UUID subject, Duration validFor) {
        Instant now = Instant.now();
        String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject
                + "\",\"groups\":[\"" + role + "\"],\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + now.plus(validFor).getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        return sign("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claims);
    }

    /** Signs any header and claims as given, so tests can make tokens that must be refused. */
    public String sign(String headerJson, String claimsJson) {
        String signingInput = base64Url(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claimsJson.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
