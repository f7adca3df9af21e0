package org.rehabloop.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * An RS256 signing key pair for the local stack and the tests only. It is generated on first use into a directory
 * outside the repository ({@code .data/jwt} or {@code target/}); real deployments bring their identity provider's
 * public key through {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}.
 */
public final class JwtKeys {
    public static final String PRIVATE_KEY_FILE = "privateKey.pem";
    public static final String PUBLIC_KEY_FILE = "publicKey.pem";

    private final Path directory;

    private JwtKeys(Path directory) {
        this.directory = directory;
    }

    /** The key pair in {@code directory}, generated there if it is not yet. */
    public static synchronized JwtKeys in(Path directory) {
        JwtKeys keys = new JwtKeys(directory);
        if (!Files.exists(keys.publicKeyFile()) || !Files.exists(keys.privateKeyFile())) {
            keys.generate();
        }
        return keys;
    }

    public Path publicKeyFile() {
        return directory.resolve(PUBLIC_KEY_FILE);
    }

    public Path privateKeyFile() {
        return directory.resolve(PRIVATE_KEY_FILE);
    }

    public PrivateKey privateKey() {
        try {
            String pem = Files.readString(privateKeyFile(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            Files.createDirectories(directory);
            Files.writeString(privateKeyFile(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicKeyFile(), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
