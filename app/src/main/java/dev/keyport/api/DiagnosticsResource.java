package dev.keyport.api;

import dev.keyport.api.model.Diagnosis;
import dev.keyport.diagnostics.DaemonDiagnostics;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * {@code GET /api/v1/diagnostics}: the daemon's own findings for {@code keyport doctor} ({@link DaemonDiagnostics}).
 * Takes seconds at most (it runs the browser and asks STS for the time).
 */
@Path("/api/v1/diagnostics")
@Produces(MediaType.APPLICATION_JSON)
public class DiagnosticsResource {
    private final DaemonDiagnostics diagnostics;

    public DiagnosticsResource(DaemonDiagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    @GET
    @Blocking
    public List<Diagnosis> diagnose() {
        return diagnostics.all();
    }
}
