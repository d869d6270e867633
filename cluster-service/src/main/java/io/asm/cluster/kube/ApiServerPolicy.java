package io.asm.cluster.kube;

import io.asm.cluster.config.RegistrationConfig;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.common.kube.Kubeconfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The operator's rule for which API servers this service may call on a tenant's behalf: scheme, TLS verification,
 * host names and the addresses they resolve to. Checked at registration and again before every use, so a host name
 * that later resolves somewhere forbidden is not followed there.
 */
@ApplicationScoped
public class ApiServerPolicy {

    private final RegistrationConfig config;
    private final List<Cidr> allowed;
    private final List<Cidr> denied;

    ApiServerPolicy(RegistrationConfig config) {
        this.config = config;
        this.allowed = config.allowedNetworks().stream().map(Cidr::parse).toList();
        this.denied = config.deniedNetworks().stream().map(Cidr::parse).toList();
    }

    /** The kubeconfig when its server may be called; {@code InvalidParameter} naming {@code Kubeconfig} otherwise. */
    public Kubeconfig check(Kubeconfig k) {
        if (k.plainHttp() && !config.allowHttp()) {
            throw refused("cluster.server: an https URL is required");
        }
        if (k.insecureSkipTlsVerify() && !config.allowInsecureTls()) {
            throw refused("cluster.insecure-skip-tls-verify is not allowed; give certificate-authority-data");
        }
        String host = k.server().getHost();
        boolean literal = host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        if (!literal
                && config.allowedHosts().isPresent()
                && config.allowedHosts().get().stream().noneMatch(p -> matches(p, host))) {
            throw refused("cluster.server: this host may not be registered");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            // The same words as a forbidden address: which internal names exist is no tenant's business.
            throw refused("cluster.server: its address may not be registered");
        }
        for (InetAddress a : addresses) {
            boolean loopback = a.isLoopbackAddress();
            if ((loopback && !config.allowLoopback())
                    || a.isAnyLocalAddress()
                    || a.isLinkLocalAddress()
                    || a.isMulticastAddress()
                    || denied.stream().anyMatch(c -> c.contains(a))
                    || allowed.stream().noneMatch(c -> c.contains(a))) {
                throw refused("cluster.server: its address may not be registered");
            }
        }
        return k;
    }

    private static boolean matches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        return p.startsWith("*.") ? host.endsWith(p.substring(1)) : host.equals(p);
    }

    private static AsmException refused(String why) {
        return new AsmException(AsmError.INVALID_PARAMETER, "Kubeconfig", why + ".");
    }
}
