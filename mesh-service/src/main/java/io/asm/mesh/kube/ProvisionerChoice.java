package io.asm.mesh.kube;

import io.asm.mesh.config.MeshServiceConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** The one {@link ControlPlaneProvisioner} this deployment uses, from {@code asm.mesh.provisioner}. */
@ApplicationScoped
public class ProvisionerChoice {

    /** A misspelt provisioner stops the service at start, not at the first CreateServiceMesh. */
    void checkAtStart(@Observes StartupEvent event, MeshServiceConfig config) {
        if (!config.provisioner().equals("simulated") && !config.provisioner().equals("hosted")) {
            throw new IllegalArgumentException(
                    "asm.mesh.provisioner (ASM_MESH_PROVISIONER) must be simulated or hosted, not '"
                            + config.provisioner() + "'");
        }
    }

    @Produces
    @ApplicationScoped
    ControlPlaneProvisioner provisioner(
            MeshServiceConfig config, Instance<SimulatedProvisioner> simulated, Instance<HostedProvisioner> hosted) {
        return config.provisioner().equals("hosted") ? hosted.get() : simulated.get();
    }
}
