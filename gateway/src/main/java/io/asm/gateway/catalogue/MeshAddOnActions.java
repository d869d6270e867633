package io.asm.gateway.catalogue;

import static io.asm.gateway.catalogue.ActionSpec.OwningService.MESH;
import static io.asm.gateway.catalogue.ParamSpec.bool;
import static io.asm.gateway.catalogue.ParamSpec.document;
import static io.asm.gateway.catalogue.ParamSpec.id;
import static io.asm.gateway.catalogue.ParamSpec.integer;
import static io.asm.gateway.catalogue.ParamSpec.string;

import java.util.List;

/**
 * The actions Terraform's alicloud provider calls beside the mesh lifecycle (mesh-service's MeshAddOnResource,
 * ExtensionProviderResource, UserPermissionResource). JSON-valued parameters (Kiali's sub-objects, Permissions,
 * Config) pass here as bounded text and are read into a strict shape by mesh-service.
 */
final class MeshAddOnActions {

    static final ValueFormat AUTH_STRATEGY = ValueFormat.of("token, openid or ramoauth", 8, "token|openid|ramoauth");
    static final ValueFormat EIP_OPERATION = ValueFormat.of("BindEip or UnBindEip", 9, "BindEip|UnBindEip");
    static final ValueFormat PROVIDER_TYPE =
            ValueFormat.of("httpextauth or grpcextauth", 11, "httpextauth|grpcextauth");
    /** RAM user and role ids are digits; a self-hosted directory's may hold letters, '.', '_', '@' and '-'. */
    static final ValueFormat SUB_ACCOUNT_ID = ValueFormat.of(
            "letters, digits, '.', '_', '@' or '-', starting with a letter or digit",
            64,
            "[A-Za-z0-9][A-Za-z0-9._@-]*");
    /** An SLS project name. */
    static final ValueFormat LOG_PROJECT = ValueFormat.of(
            "3 to 63 lower-case letters, digits or '-', starting and ending with a letter or digit",
            63,
            "[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    private static final ParamSpec MESH_ID_PARAM =
            id("ServiceMeshId", ValueFormat.MESH_ID).mandatory();
    private static final ParamSpec PROVIDER_TYPE_PARAM =
            id("Type", PROVIDER_TYPE).mandatory();
    private static final ParamSpec PROVIDER_NAME_PARAM =
            id("Name", ValueFormat.DNS_LABEL).mandatory();
    private static final ParamSpec SUB_ACCOUNT_PARAM =
            id("SubAccountUserId", SUB_ACCOUNT_ID).mandatory();

    private MeshAddOnActions() {}

    static List<ActionSpec> all() {
        String addOns = "/meshes/{ServiceMeshId}/add-ons";
        String providers = "/meshes/{ServiceMeshId}/extension-providers";
        List<ParamSpec> providerParams = List.of(
                MESH_ID_PARAM,
                PROVIDER_TYPE_PARAM,
                PROVIDER_NAME_PARAM,
                document("Config").mandatory());
        return List.of(
                new ActionSpec("DescribeKialiConfiguration", MESH, "GET", addOns + "/kiali", List.of(MESH_ID_PARAM)),
                new ActionSpec(
                        "UpdateKialiConfiguration",
                        MESH,
                        "PATCH",
                        addOns + "/kiali",
                        List.of(
                                MESH_ID_PARAM,
                                bool("Enabled"),
                                string("CustomPrometheusUrl"),
                                bool("IntegrateCLB"),
                                string("KialiServiceAnnotations"),
                                string("KialiArmsAuthTokens"),
                                id("AuthStrategy", AUTH_STRATEGY),
                                string("OpenIdConfig"),
                                string("RAMOAuthConfig"),
                                string("ServerConfig"))),
                new ActionSpec(
                        "UpdateMeshCRAggregation",
                        MESH,
                        "PATCH",
                        addOns + "/cr-aggregation",
                        List.of(MESH_ID_PARAM, bool("Enabled").mandatory())),
                new ActionSpec(
                        "UpdateControlPlaneLogConfig",
                        MESH,
                        "PATCH",
                        addOns + "/control-plane-log",
                        List.of(
                                MESH_ID_PARAM,
                                bool("Enabled").mandatory(),
                                id("Project", LOG_PROJECT),
                                integer("LogTTLInDay", 1, 3650))),
                new ActionSpec(
                        "ModifyPilotEipResource",
                        MESH,
                        "POST",
                        addOns + "/pilot-eip",
                        List.of(
                                MESH_ID_PARAM,
                                id("Operation", EIP_OPERATION).mandatory(),
                                id("EipId", ValueFormat.CLOUD_ID))),
                new ActionSpec("CreateExtensionProvider", MESH, "POST", providers, providerParams),
                new ActionSpec("UpdateExtensionProvider", MESH, "PATCH", providers + "/{Type}/{Name}", providerParams),
                new ActionSpec(
                        "DeleteExtensionProvider",
                        MESH,
                        "DELETE",
                        providers + "/{Type}/{Name}",
                        List.of(MESH_ID_PARAM, PROVIDER_TYPE_PARAM, PROVIDER_NAME_PARAM)),
                new ActionSpec(
                        "DescribeExtensionProvider",
                        MESH,
                        "GET",
                        providers,
                        List.of(MESH_ID_PARAM, id("Type", PROVIDER_TYPE))),
                new ActionSpec(
                        "GrantUserPermissions",
                        MESH,
                        "PUT",
                        "/user-permissions/{SubAccountUserId}",
                        List.of(SUB_ACCOUNT_PARAM, document("Permissions").mandatory(), bool("IsRamRole"))),
                new ActionSpec(
                        "DescribeUserPermissions",
                        MESH,
                        "GET",
                        "/user-permissions/{SubAccountUserId}",
                        List.of(SUB_ACCOUNT_PARAM)));
    }
}
