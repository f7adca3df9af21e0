package org.rehabloop.logging;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.rehabloop.infra.InfraTestResource;

/** Every test of this module runs against the real PostgreSQL (database {@code logging}) and Kafka of the infra module. */
@QuarkusTestResource(value = InfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "logging"))
public class LoggingServiceInfra {
}
