package io.asm.cluster.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which API servers tenants may register (their kubeconfigs make this service call the servers they name). Env:
 * ASM_REGISTRATION_*.
 */
@ConfigMapping(prefix = "asm.registration")
public interface RegistrationConfig {

    /** Plain {@code http://} API servers (the local suite's simulator); never in production. */
    @WithDefault("false")
    boolean allowHttp();

    /** {@code insecure-skip-tls-verify: true} instead of an inline CA. */
    @WithDefault("false")
    boolean allowInsecureTls();

    /** Loopback addresses (127.0.0.0/8, ::1): this machine's own services; only the local suite needs them. */
    @WithDefault("false")
    boolean allowLoopback();

    /** Every address an API server's host resolves to must lie in one of these networks (CIDR). */
    @WithDefault("0.0.0.0/0,::/0")
    List<String> allowedNetworks();

    /** Never, whatever else allows: link-local and cloud metadata addresses (Alibaba's 100.100.100.200 among them). */
    @WithDefault("169.254.0.0/16,fe80::/10,100.100.100.200/32,fd00:ec2::254/128,0.0.0.0/8")
    List<String> deniedNetworks();

    /** When set, host names (exact, or {@code *.suffix}) an API server must have; IP literals then need a network. */
    Optional<List<String>> allowedHosts();

    /** How long proving a registration's credentials may take, per request. */
    @WithDefault("5s")
    Duration proofTimeout();
}
