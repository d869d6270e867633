package io.asm.common.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Kubeconfig text for one API server and one bearer token, the only kind the services hand out or use. Written with a
 * YAML library: names, servers and tokens are values, never template text.
 */
public final class Kubeconfigs {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private Kubeconfigs() {}

    /** {@code caPem} may be null (plain HTTP, the simulator); {@code note} becomes a comment at the top. */
    public static String withToken(String name, String user, String server, String caPem, String token, String note) {
        ObjectNode root = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Config");
        ObjectNode cluster = root.putArray("clusters")
                .addObject()
                .put("name", name)
                .putObject("cluster")
                .put("server", server);
        if (caPem != null) {
            cluster.put(
                    "certificate-authority-data",
                    Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8)));
        }
        root.putArray("contexts")
                .addObject()
                .put("name", name)
                .putObject("context")
                .put("cluster", name)
                .put("user", user);
        root.put("current-context", name);
        root.putArray("users").addObject().put("name", user).putObject("user").put("token", token);
        String comment = note == null ? "" : "# " + note.replaceAll("\\p{Cntrl}", " ") + "\n";
        try {
            return comment + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
