package io.asm.mesh.kube;

import io.asm.mesh.config.MeshServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** The one {@link ControlPlaneProvisioner} this deployment uses, from {@code asm.mesh.provisioner}. */
@ApplicationScoped
public class ProvisionerChoice {

    @Produces
    @ApplicationScoped
    ControlPlaneProvisioner provisioner(MeshServiceConfig config, Instance<SimulatedProvisioner> simulated,
                                        Instance<HostedProvisioner> hosted) {
        return switch (config.provisioner()) {
            case "simulated" -> simulated.get();
            case "hosted" -> hosted.get();
            default -> throw new IllegalArgumentException("asm.mesh.provisioner (ASM_MESH_PROVISIONER) must be simulated or hosted,"
                    + " not '" + config.provisioner() + "'");
        };
    }
}
