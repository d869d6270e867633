package io.asm.common.kube;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Kubeconfig text for one API server and one bearer token, the only kind the services hand out or use. */
public final class Kubeconfigs {

    private Kubeconfigs() {
    }

    /** {@code caPem} may be null (plain HTTP, the simulator); {@code note} becomes a comment beside the token. */
    public static String withToken(String name, String user, String server, String caPem, String token, String note) {
        String ca = caPem == null ? "" : "\n    certificate-authority-data: "
                + Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
        String comment = note == null ? "" : "    # " + note + "\n";
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s%3$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %4$s
                current-context: %1$s
                users:
                - name: %4$s
                  user:
                %5$s    token: %6$s
                """.formatted(name, server, ca, user, comment, token);
    }
}
