package io.asm.common.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.common.error.AsmException;
import io.fabric8.kubernetes.client.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A kubeconfig from outside is data: the strict shape is accepted, everything that could run, read or redirect is not. */
class KubeconfigTest {

    static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    static final String KEY = "-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n";

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A one-cluster kubeconfig whose cluster and user bodies are the given YAML lines (indented here). */
    static String kubeconfig(String clusterLines, String userLines) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                %s
                contexts:
                - name: ctx
                  context:
                    cluster: c
                    user: u
                    namespace: default
                current-context: ctx
                users:
                - name: u
                  user:
                %s
                """.formatted(
                clusterLines.indent(4).stripTrailing(), userLines.indent(4).stripTrailing());
    }

    @Test
    void theStrictShapeBecomesAConfigWithNothingElse() {
        System.setProperty("kubernetes.master", "http://elsewhere:1");
        System.setProperty("kubernetes.auth.token", "from-the-environment");
        try {
            Kubeconfig k = Kubeconfig.parse(kubeconfig(
                    "server: https://API.Example.com:6443/\ncertificate-authority-data: " + b64(CA), "token: abc.def"));
            assertEquals("https://api.example.com:6443", k.serverUrl());
            assertEquals(CA, k.caPem());
            Config c = k.toConfig(1000, 2000);
            assertEquals("https://api.example.com:6443/", c.getMasterUrl());
            assertEquals("abc.def", c.getOauthToken());
            assertEquals(b64(CA), c.getCaCertData());
            assertNull(c.getFile());
            assertFalse(c.isTrustCerts());
            assertEquals(0, c.getRequestRetryBackoffLimit());
            assertEquals(1000, c.getConnectionTimeout());
        } finally {
            System.clearProperty("kubernetes.master");
            System.clearProperty("kubernetes.auth.token");
        }
        Kubeconfig cert = Kubeconfig.parse(kubeconfig(
                "server: https://10.0.0.1\ninsecure-skip-tls-verify: true",
                "client-certificate-data: " + b64(CA) + "\nclient-key-data: " + b64(KEY)));
        assertTrue(cert.insecureSkipTlsVerify());
        assertEquals(KEY, cert.clientKeyPem());
        assertEquals(b64(KEY), cert.toConfig(1, 1).getClientKeyData());
    }

    @Test
    void anExecPluginNeverRuns(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        String exec = kubeconfig("server: https://127.0.0.1:1", """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: /bin/sh
                  args: ["-c", "touch %s; echo '{\\"kind\\":\\"ExecCredential\\",\\"apiVersion\\":\\"client.authentication.k8s.io/v1\\",\\"status\\":{\\"token\\":\\"x\\"}}'"]
                  interactiveMode: Never
                """.formatted(marker));
        AsmException e = assertThrows(AsmException.class, () -> Kubeconfig.parse(exec));
        assertEquals("InvalidParameter", e.code());
        assertTrue(e.getMessage().contains("user.exec is not supported"), e.getMessage());
        KubeClients clients = new KubeClients();
        assertThrows(AsmException.class, () -> clients.forKubeconfig(exec));
        clients.closeAll();
        Thread.sleep(200);
        assertFalse(Files.exists(marker), "the tenant's command ran");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "server: https://h|tokenFile: /var/run/secrets/token|user.tokenFile",
                "server: https://h|'auth-provider: {name: gcp}'|user.auth-provider",
                "server: https://h|client-certificate: /etc/cert ;; client-key: /etc/key|user.client-certificate",
                "server: https://h|username: a ;; password: b|user.username",
                "server: https://h|token: t ;; as: system:admin|user.as",
                "server: https://h ;; certificate-authority: /etc/ca|token: t|cluster.certificate-authority",
                "server: https://h ;; proxy-url: http://proxy:3128|token: t|cluster.proxy-url",
                "server: file:///etc/passwd|token: t|an https URL is required",
                "server: https://user@h|token: t|no user, query or fragment",
                "server: https://h|'token: \"a\\r\\nX-Injected: 1\"'|printable characters only",
                "server: https://h||a token or client-certificate-data",
                "server: https://h|client-certificate-data: LS0tLS1CRUdJTiBY|go together",
                "server: https://h ;; certificate-authority-data: bm90IHBlbQ==|token: t|base64 of PEM",
            })
    void everythingElseIsRefusedByName(String cluster, String user, String named) {
        AsmException e = assertThrows(
                AsmException.class,
                () -> Kubeconfig.parse(kubeconfig(lines(cluster), user == null ? "{}" : lines(user))));
        assertEquals("InvalidParameter", e.code());
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().contains("\"Kubeconfig\"") && e.getMessage().contains(named), e.getMessage());
    }

    /** Rows write line breaks as {@code ;;}: CSV records cannot hold them. */
    private static String lines(String row) {
        return row.replace(" ;; ", "\n");
    }

    @Test
    void severalClustersNeedACurrentContext() {
        String two = """
                apiVersion: v1
                clusters:
                - {name: a, cluster: {server: https://a}}
                - {name: b, cluster: {server: https://b}}
                contexts:
                - {name: a, context: {cluster: a, user: u}}
                - {name: b, context: {cluster: b, user: u}}
                users:
                - {name: u, user: {token: t}}
                """;
        assertThrows(AsmException.class, () -> Kubeconfig.parse(two));
        assertEquals("https://b", Kubeconfig.parse(two + "current-context: b\n").serverUrl());
        assertThrows(AsmException.class, () -> Kubeconfig.parse("just text"));
        assertThrows(AsmException.class, () -> Kubeconfig.parse("a: &a [*a, *a]\n"));
    }

    @Test
    void whatWeWriteWeCanRead() {
        String text = Kubeconfigs.withToken("m: 1", "owner\nx", "https://h:6443", CA, "tok", "expires\nsoon");
        assertTrue(text.startsWith("# expires soon\n"), text);
        Kubeconfig k = Kubeconfig.parse(text);
        assertEquals("https://h:6443", k.serverUrl());
        assertEquals("tok", k.token());
        assertEquals(CA, k.caPem());
    }
}
