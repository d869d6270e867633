package io.asm.mesh.api;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.mesh.domain.KialiSettings;
import io.asm.mesh.domain.MeshAddOns;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The mesh settings Terraform manages beside UpdateMeshFeature (DescribeKialiConfiguration, UpdateKialiConfiguration,
 * UpdateMeshCRAggregation, UpdateControlPlaneLogConfig, ModifyPilotEipResource); bodies carry the API's names.
 */
@Path("/meshes/{ServiceMeshId}/add-ons")
@Produces(MediaType.APPLICATION_JSON)
public class MeshAddOnResource {

    @Inject
    MeshAddOns addOns;

    @Inject
    RequestContext context;

    /** UpdateKialiConfiguration's parameters by API name; sub-objects arrive as JSON text, as clients send them. */
    @Schema(
            description = "Enabled, CustomPrometheusUrl, IntegrateCLB, KialiServiceAnnotations, KialiArmsAuthTokens,"
                    + " AuthStrategy, OpenIdConfig, RAMOAuthConfig, ServerConfig")
    public record KialiUpdate(
            @JsonAnySetter @Schema(hidden = true) Map<String, Object> given) {}

    public record Switch(@JsonProperty("Enabled") Boolean enabled) {}

    public record ControlPlaneLog(
            @JsonProperty("Enabled") Boolean enabled,
            @JsonProperty("Project") String project,
            @JsonProperty("LogTTLInDay") Long logTtlInDay) {}

    public record PilotEip(
            @JsonProperty("Operation") String operation,
            @JsonProperty("EipId") String eipId) {}

    /** DescribeKialiConfiguration as Terraform reads it: empty parts of the sub-objects are left out. */
    public record KialiConfiguration(
            @JsonProperty("Enabled") boolean enabled,
            @JsonProperty("CustomPrometheusUrl") String customPrometheusUrl,
            @JsonProperty("IntegrateCLB") boolean integrateClb,
            @JsonProperty("KialiServiceAnnotations") String kialiServiceAnnotations,
            @JsonProperty("KialiArmsAuthTokens") String kialiArmsAuthTokens,
            @JsonProperty("AuthStrategy") String authStrategy,
            @JsonProperty("OpenIdConfig") OpenIdConfig openIdConfig,
            @JsonProperty("RAMOAuthConfig") RamOAuthConfig ramOAuthConfig,
            @JsonProperty("ServerConfig") ServerConfig serverConfig,
            @JsonProperty("UsePopulatedArmsPrometheus") boolean usePopulatedArmsPrometheus,
            @JsonProperty("KialiIstioIngressAddress") String kialiIstioIngressAddress,
            @JsonProperty("AggregatedKialiAddress") String aggregatedKialiAddress,
            @JsonProperty("DistributedKialiAddresses") String distributedKialiAddresses,
            @JsonProperty("DistributedKialiAccessTokens") String distributedKialiAccessTokens) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record OpenIdConfig(
            @JsonProperty("ClientId") String clientId,
            @JsonProperty("ClientSecret") String clientSecret,
            @JsonProperty("IssuerUri") String issuerUri,
            @JsonProperty("Scopes") List<String> scopes) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RamOAuthConfig(
            @JsonProperty("RedirectUris") String redirectUris) {}

    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record ServerConfig(
            @JsonProperty("WebFQDN") String webFqdn,
            @JsonProperty("WebPort") int webPort,
            @JsonProperty("WebRoot") String webRoot,
            @JsonProperty("WebSchema") String webSchema) {}

    @GET
    @Path("kiali")
    public KialiConfiguration kiali(@PathParam("ServiceMeshId") String meshId) {
        MeshAddOns.Kiali k = addOns.kiali(account(), meshId);
        KialiSettings s = k.settings();
        KialiSettings.Server server = s.server();
        return new KialiConfiguration(
                k.enabled(),
                s.customPrometheusUrl(),
                s.integrateClb(),
                s.serviceAnnotations(),
                k.armsAuthTokens(),
                s.authStrategy(),
                new OpenIdConfig(
                        s.openId().clientId(),
                        k.clientSecret(),
                        s.openId().issuerUri(),
                        s.openId().scopes()),
                new RamOAuthConfig(s.ramOAuth().redirectUris()),
                new ServerConfig(server.webFqdn(), server.webPort(), server.webRoot(), server.webSchema()),
                false,
                k.enabled() ? server.url() : "",
                "",
                "",
                "");
    }

    @PATCH
    @Path("kiali")
    @Consumes(MediaType.APPLICATION_JSON)
    public MeshResponses.Done updateKiali(@PathParam("ServiceMeshId") String meshId, KialiUpdate update) {
        addOns.updateKiali(account(), meshId, update == null || update.given() == null ? Map.of() : update.given());
        return new MeshResponses.Done();
    }

    @PATCH
    @Path("cr-aggregation")
    @Consumes(MediaType.APPLICATION_JSON)
    public MeshResponses.Done crAggregation(@PathParam("ServiceMeshId") String meshId, Switch body) {
        if (body == null || body.enabled() == null) {
            throw AsmError.missing("Enabled");
        }
        addOns.updateCrAggregation(account(), meshId, body.enabled());
        return new MeshResponses.Done();
    }

    @PATCH
    @Path("control-plane-log")
    @Consumes(MediaType.APPLICATION_JSON)
    public MeshResponses.Done controlPlaneLog(@PathParam("ServiceMeshId") String meshId, ControlPlaneLog body) {
        if (body == null || body.enabled() == null) {
            throw AsmError.missing("Enabled");
        }
        addOns.updateControlPlaneLog(account(), meshId, body.enabled(), body.project(), body.logTtlInDay());
        return new MeshResponses.Done();
    }

    @POST
    @Path("pilot-eip")
    @Consumes(MediaType.APPLICATION_JSON)
    public MeshResponses.Done pilotEip(@PathParam("ServiceMeshId") String meshId, PilotEip body) {
        if (body == null || body.operation() == null) {
            throw AsmError.missing("Operation");
        }
        addOns.modifyPilotEip(account(), meshId, body.operation(), body.eipId());
        return new MeshResponses.Done();
    }

    private String account() {
        return context.requireAccountId();
    }
}
