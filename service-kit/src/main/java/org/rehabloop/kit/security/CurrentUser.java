package org.rehabloop.kit.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.rehabloop.kit.problem.ProblemException;

import java.util.UUID;

/** Who is calling: the token's subject and role. Ids in a request body never stand in for these. */
@RequestScoped
public class CurrentUser {
    @Inject
    JsonWebToken token;

    @Inject
    SecurityIdentity identity;

    public UUID id() {
        try {
            return UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProblemException(401, "Unauthorized", "The token's subject is not a user id", null);
        }
    }

    public boolean is(String role) {
        return identity.hasRole(role);
    }

    public boolean isAdmin() {
        return is(Roles.ADMIN);
    }
}
