package dev.keyport.api;

import dev.keyport.api.model.ProblemCode;
import dev.keyport.aws.AccessKeys;
import dev.keyport.delivery.ContainerEndpointDelivery;
import dev.keyport.session.SessionStarter;
import dev.keyport.spi.AwsCredentials;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;

/**
 * The container credentials endpoint that {@code keyport exec} hands to child processes, in the format of the ECS/EKS
 * container endpoint; each grant wants its own token, as the SDKs send it. Grants are opened and closed through
 * {@link SessionResource}.
 */
@Path(ContainerEndpointDelivery.BASE_PATH)
@Produces(MediaType.APPLICATION_JSON)
public class ContainerCredentialsResource {
    private final ContainerEndpointDelivery grants;
    private final SessionStarter sessions;

    public ContainerCredentialsResource(ContainerEndpointDelivery grants, SessionStarter sessions) {
        this.grants = grants;
        this.sessions = sessions;
    }

    /** The container endpoint's answer (the SDKs' container credentials format). */
    public record ContainerCredentials(String AccessKeyId, String SecretAccessKey, String Token, Instant Expiration) {
        static ContainerCredentials of(AwsCredentials c) {
            return new ContainerCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
        }

        @Override
        public String toString() {
            return "ContainerCredentials[AccessKeyId=" + AccessKeys.masked(AccessKeyId) + ", <secrets redacted>, Expiration="
                    + Expiration + "]";
        }
    }

    @GET
    @Path("{pathId}")
    public Response credentials(@PathParam("pathId") String pathId,
                                @HeaderParam("Authorization") String authorization) {
        ContainerEndpointDelivery.Grant grant = grants.find(pathId).orElse(null);
        if (grant == null) {
            return problem(Problem.of(ProblemCode.NO_SUCH_GRANT, "No such container credentials endpoint; it closes when the"
                    + " keyport exec run that opened it ends."));
        }
        if (!ContainerEndpointDelivery.accepts(grant, authorization)) {
            return problem(Problem.of(ProblemCode.WRONG_GRANT_TOKEN, "The Authorization header does not carry this endpoint's"
                    + " token (AWS_CONTAINER_AUTHORIZATION_TOKEN)."));
        }
        return Response.ok(ContainerCredentials.of(sessions.credentials(grant.sessionId())))
                .header("Cache-Control", "no-store").build();
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status()).type("application/problem+json").entity(problem).build();
    }
}
