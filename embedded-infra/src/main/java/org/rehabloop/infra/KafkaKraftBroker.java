package org.rehabloop.infra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one node), in this JVM. It can be stopped and
 * started again on the same ports and log directory, which is how the tests take Kafka away from a service.
 */
public final class KafkaKraftBroker implements AutoCloseable {
    private final Path logDirectory;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    private KafkaKraftBroker(Path logDirectory, int port, int controllerPort) {
        this.logDirectory = logDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats {@code logDirectory} if it is new, starts the broker and creates the topics (and their DLQs). */
    static KafkaKraftBroker start(Path logDirectory, int port, int controllerPort) {
        KafkaKraftBroker broker = new KafkaKraftBroker(logDirectory, port, controllerPort);
        broker.startBroker();
        KafkaTopics.create(broker.bootstrapServers());
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker again after {@link #stop()}, with the same ports and data. */
    public synchronized void startBroker() {
        if (server != null) {
            return;
        }
        Properties props = properties();
        format(props);
        server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
    }

    /** Stops the broker; clients see it as gone until {@link #startBroker()}. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDirectory.toString());
        props.put("num.partitions", String.valueOf(KafkaTopics.PARTITIONS));
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", String.valueOf(KafkaTopics.PARTITIONS));
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }

    private void format(Properties props) {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDirectory);
            Path config = Files.createTempFile("kraft", ".properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "RehabLoop embedded broker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                    new PrintStream(output, true));
            Files.deleteIfExists(config);
        } catch (IOException e) {
            throw new UncheckedIOException("could not format the Kafka log directory", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not format the Kafka log directory", e);
        }
    }
}
