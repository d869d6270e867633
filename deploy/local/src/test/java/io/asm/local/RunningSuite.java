package io.asm.local;

import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.Config;
import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.servicemesh.model.v20200111.CreateServiceMeshRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The suite an E2E test class drives, started by the same launcher as {@code ./asm up} in a home of its own, on
 * fixed ports of its own from {@code portBase}: the gateway at +80, the services at +81 to +84, the simulator at +90
 * and PostgreSQL at +432. Those stay below the kernel's ephemeral range (32768-60999): no client socket holds them.
 */
final class RunningSuite implements AutoCloseable {

    final Path home;
    final SuiteLayout layout;
    final Suite suite;
    /** What the suite printed (up's lines and summary, status's table); tests may reset it. */
    final ByteArrayOutputStream output = new ByteArrayOutputStream();

    Suite.Endpoint endpoint;

    /** @param env more of the suite's environment (bootstrap keys, Grafana, bundled PostgreSQL) */
    RunningSuite(String homePrefix, int portBase, Map<String, String> env) throws Exception {
        this(homePrefix, portBase, env, List.of());
    }

    /** With {@code replicas} of some services beside it, started together with them. */
    RunningSuite(String homePrefix, int portBase, Map<String, String> env, List<Suite.Replica> replicas)
            throws Exception {
        home = Files.createTempDirectory(homePrefix);
        Map<String, String> all = new HashMap<>(env);
        // C1 only, as for the test JVMs: services that live a minute start on about 5 s of CPU instead of 8.
        all.putIfAbsent("ASM_JAVA_OPTS", Suite.SERVICE_JAVA_OPTS + " -XX:TieredStopAtLevel=1");
        all.put("ASM_HOME", home.toString());
        all.put("ASM_GATEWAY_PORT", String.valueOf(portBase + 80));
        all.put("ASM_MESH_PORT", String.valueOf(portBase + 81));
        all.put("ASM_CLUSTER_PORT", String.valueOf(portBase + 82));
        all.put("ASM_OBSERVABILITY_PORT", String.valueOf(portBase + 83));
        all.put("ASM_VM_PORT", String.valueOf(portBase + 84));
        all.put("ASM_SIMULATOR_PORT", String.valueOf(portBase + 90));
        all.put("ASM_DB_PORT", String.valueOf(portBase + 432));
        layout = SuiteLayout.fromEnvironment(SuiteLayout.findRepo(Path.of("")), all);
        suite = new Suite(layout, all, new PrintStream(output, true));
        try {
            endpoint = suite.up(replicas);
        } catch (Exception e) {
            suite.reset(); // what did start does not outlive a failed start
            throw e;
        }
    }

    /** Down and up again, on the same home and ports. */
    void restart() throws Exception {
        suite.down();
        endpoint = suite.up();
    }

    /** The gateway's host:port, as the SDK's endpoint. */
    String host() {
        return endpoint.url().replace("http://", "");
    }

    /** {@code request} through the gateway with the core SDK, signed with {@code id} and {@code secret}. */
    <T extends AcsResponse> T call(AcsRequest<T> request, String id, String secret) throws ClientException {
        request.setSysEndpoint(host());
        request.setSysProtocol(ProtocolType.HTTP);
        return new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", id, secret)).getAcsResponse(request);
    }

    /** {@code request} as the suite's bootstrap administrator. */
    <T extends AcsResponse> T admin(AcsRequest<T> request) throws ClientException {
        return call(request, endpoint.accessKeyId(), endpoint.accessKeySecret());
    }

    /** The Tea engine (ACS3, generic callApi) as the suite's bootstrap administrator. */
    Client tea() throws Exception {
        return new Client(new Config()
                .setAccessKeyId(endpoint.accessKeyId())
                .setAccessKeySecret(endpoint.accessKeySecret())
                .setEndpoint(host())
                .setProtocol("http"));
    }

    /** A mesh of the least parameters (one VPC, one vSwitch), as the administrator; its id. */
    String createMesh() throws ClientException {
        CreateServiceMeshRequest create = new CreateServiceMeshRequest();
        create.setVpcId("vpc-e2e");
        create.setVSwitches("[\"vsw-e2e\"]");
        return admin(create).getServiceMeshId();
    }

    @Override
    public void close() throws Exception {
        suite.reset();
    }
}
