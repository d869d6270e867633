package io.asm.observability.grafana;

import io.asm.observability.config.ObservabilityConfig;
import io.asm.observability.dashboard.DashboardCatalogue;
import io.asm.observability.dashboard.DashboardSpec;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Puts a mesh's folder with its dashboards into the configured Grafana, or takes it out. Idempotent both ways. */
@ApplicationScoped
public class GrafanaPublisher {

    private final DashboardCatalogue dashboards;
    private final Optional<GrafanaApi> api;
    private final String authorization;

    GrafanaPublisher(DashboardCatalogue dashboards, ObservabilityConfig config) {
        this.dashboards = dashboards;
        ObservabilityConfig.GrafanaPush push = config.grafana();
        this.authorization = push.apiToken().map(t -> "Bearer " + t).orElse(null);
        this.api = push.apiToken()
                .map(t -> QuarkusRestClientBuilder.newBuilder()
                        .baseUri(URI.create(
                                push.apiUrl().orElse(config.grafanaUrl()).replaceAll("/+$", "")))
                        .connectTimeout(push.timeout().toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(push.timeout().toMillis(), TimeUnit.MILLISECONDS)
                        // Statuses are answers here (404: not there), not exceptions.
                        .disableDefaultMapper(true)
                        .build(GrafanaApi.class));
    }

    /** Only with an API token: without one, users import the dashboards themselves. */
    public boolean enabled() {
        return api.isPresent();
    }

    /** The folder {@code asm-<ServiceMeshId>}, then each dashboard's copy for the mesh into it. */
    void publish(String meshId) {
        GrafanaApi grafana = api.orElseThrow();
        String folder = folderUid(meshId);
        try (Response existing = grafana.folder(authorization, folder)) {
            if (existing.getStatus() == 404) {
                expectOk(
                        grafana.createFolder(authorization, new GrafanaApi.NewFolder(folder, "ASM " + meshId)),
                        "create folder " + folder);
            } else {
                expectOk(existing, "read folder " + folder);
            }
        }
        for (DashboardSpec spec : dashboards.all()) {
            expectOk(
                    grafana.pushDashboard(
                            authorization,
                            new GrafanaApi.DashboardPush(
                                    dashboards.model(spec, meshId),
                                    folder,
                                    true,
                                    "ASM: dashboards of service mesh " + meshId)),
                    "push dashboard " + spec.uid(meshId));
        }
    }

    /** Deletes the mesh's folder and its dashboards; a folder that is not there is already removed. */
    void remove(String meshId) {
        try (Response r = api.orElseThrow().deleteFolder(authorization, folderUid(meshId))) {
            if (r.getStatus() != 404) {
                expectOk(r, "delete folder " + folderUid(meshId));
            }
        }
    }

    static String folderUid(String meshId) {
        return "asm-" + meshId;
    }

    private static void expectOk(Response r, String what) {
        try (r) {
            if (r.getStatus() / 100 != 2) {
                throw new IllegalStateException("Grafana refused to " + what + ": HTTP " + r.getStatus());
            }
        }
    }
}
