package org.rehabloop.assessment;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import org.rehabloop.infra.InfraTestResource;

/** Every test of this module runs against the real PostgreSQL (database {@code assessment}) and Kafka of the infra module. */
@QuarkusTestResource(value = InfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "assessment"))
public class AssessmentServiceInfra {
}
