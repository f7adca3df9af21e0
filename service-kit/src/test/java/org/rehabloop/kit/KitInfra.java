package org.rehabloop.kit;

import io.quarkus.test.common.QuarkusTestResource;
import org.rehabloop.infra.InfraTestResource;

/** The kit's tests run against the real PostgreSQL (its default database) and Kafka of the infra module. */
@QuarkusTestResource(InfraTestResource.class)
public class KitInfra {
}
