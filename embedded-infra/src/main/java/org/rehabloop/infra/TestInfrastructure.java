package org.rehabloop.infra;

/** The infrastructure of this test JVM, started on first use and stopped when the JVM exits. */
public final class TestInfrastructure {
    private static Infrastructure instance;

    private TestInfrastructure() {
    }

    public static synchronized Infrastructure get() {
        if (instance == null) {
            Infrastructure started = Infrastructure.startForTests();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "infra-shutdown"));
            instance = started;
        }
        return instance;
    }

    public static JwtKeys jwtKeys() {
        return JwtKeys.in(InfraTestResource.keyDirectory());
    }

    /** Tokens the services under test accept. */
    public static Tokens tokens() {
        return new Tokens(jwtKeys());
    }
}
