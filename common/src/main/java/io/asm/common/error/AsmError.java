package io.asm.common.error;

/**
 * The catalogue of official error codes (CONTRACT.md §7) and the few product codes the services add.
 * Messages are POP's own wording where one is known; {@code %s} placeholders take the arguments given to
 * {@link AsmException#AsmException(AsmError, Object...)}.
 */
public enum AsmError {
    MISSING_PARAMETER(
            "MissingParameter",
            400,
            "The input parameter \"%s\" that is mandatory for processing this request is not supplied."),
    INVALID_PARAMETER("InvalidParameter", 400, "The specified parameter \"%s\" is not valid. %s"),
    SIGNATURE_DOES_NOT_MATCH(
            "SignatureDoesNotMatch",
            400,
            "Specified signature is not matched with our calculation. server string to sign is:%s"),
    INCOMPLETE_SIGNATURE("IncompleteSignature", 400, "The request signature does not conform to Aliyun standards. %s"),
    ACCESS_KEY_NOT_FOUND("InvalidAccessKeyId.NotFound", 404, "Specified access key is not found."),
    ACCESS_KEY_INACTIVE("InvalidAccessKeyId.Inactive", 400, "Specified access key is disabled."),
    TIMESTAMP_EXPIRED("InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired."),
    TIMESTAMP_FORMAT("InvalidTimeStamp.Format", 400, "Specified time stamp or date value is not well formatted."),
    SIGNATURE_NONCE_USED("SignatureNonceUsed", 400, "Specified signature nonce was used already."),
    ACTION_NOT_FOUND("InvalidAction.NotFound", 404, "Specified api is not found, please check your url and method."),
    INVALID_VERSION("InvalidVersion", 400, "Specified parameter Version is not valid."),
    // POP's flow-control answer; the SDKs and Terraform retry on it.
    THROTTLING_USER("Throttling.User", 400, "Request was denied due to user flow control."),
    FORBIDDEN("Forbidden", 403, "%s"),
    NOT_FOUND("NotFound", 404, "%s"),
    UNSUPPORTED_HTTP_METHOD("UnsupportedHTTPMethod", 405, "This HTTP method is not supported."),
    UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaType", 415, "This content type is not supported."),
    ACCOUNT_NOT_FOUND("Account.NotFound", 404, "The specified account does not exist."),
    SERVICE_MESH_NOT_FOUND("ServiceMesh.NotFound", 404, "The Service Mesh cluster does not exist."),
    // IncorrectStatus.ServiceMesh: one code, a message per reason (the argument is the mesh's state).
    SERVICE_MESH_NOT_SETTLED("IncorrectStatus.ServiceMesh", 409, "The service mesh is %s; retry when it is running."),
    SERVICE_MESH_NOT_RUNNING_FOR_CLUSTERS(
            "IncorrectStatus.ServiceMesh", 409, "The service mesh is %s; clusters can join a running mesh."),
    SERVICE_MESH_NO_API_SERVER(
            "IncorrectStatus.ServiceMesh", 409, "The service mesh has no API server yet; state is %s."),
    SERVICE_MESH_NO_CA("IncorrectStatus.ServiceMesh", 409, "The service mesh has no CA yet; state is %s."),
    CLUSTERS_NOT_EMPTY(
            "ErrorPermitted.ClustersNotEmpty",
            400,
            "The service mesh still has clusters; remove them first or delete with Force=true."),
    UPGRADE_VERSION_NOT_AVAILABLE(
            "UpgradeVersion.NotAvailable", 400, "The service mesh already runs the newest version %s."),
    API_SERVER_PUBLIC_EIP_DISABLED(
            "ApiServerPublicEip.Disabled",
            400,
            "The API server has no public endpoint (ApiServerPublicEip=false); ask with PrivateIpAddress=true."),
    // Cluster.NotFound: the arguments are the cluster id (and the mesh id).
    CLUSTER_NOT_REGISTERED(
            "Cluster.NotFound",
            404,
            "The cluster %s is not registered; register it (RegisterCluster) or add it with its Kubeconfig."),
    CLUSTER_NOT_IN_MESH("Cluster.NotFound", 404, "The cluster %s is not in the service mesh %s."),
    CLUSTER_IN_ANOTHER_MESH(
            "ErrorPermitted.ClusterInAnotherMesh",
            400,
            "The cluster %s is in the service mesh %s; remove it there first."),
    // DeregisterCluster (extension action): a member's registration stays until it has left its mesh.
    CLUSTER_IN_SERVICE_MESH(
            "ErrorPermitted.ClusterInServiceMesh",
            400,
            "The cluster %s is in the service mesh %s; remove it from the mesh before deregistering it."),
    CLUSTER_BEING_REMOVED(
            "IncorrectStatus.Cluster", 409, "The cluster is being removed from the mesh; retry when it is out."),
    // Per-account quotas (io.asm.common.quota): no official code is known, so these follow POP's QuotaExceeded.<What>.
    QUOTA_EXCEEDED_SERVICE_MESH(
            "QuotaExceeded.ServiceMesh",
            400,
            "The quota of service meshes per account (%s) is"
                    + " used up: delete a service mesh first, or ask the operator to raise asm.quota.meshes-per-account."),
    QUOTA_EXCEEDED_CLUSTER(
            "QuotaExceeded.Cluster",
            400,
            "The quota of registered clusters per account (%s) is"
                    + " used up: deregister a cluster first, or ask the operator to raise asm.quota.clusters-per-account."),
    QUOTA_EXCEEDED_VM_APP(
            "QuotaExceeded.VmApp",
            400,
            "The quota of VM applications per account (%s) is"
                    + " used up: remove a VM application first, or ask the operator to raise asm.quota.vm-apps-per-account."),
    // Tags (Alibaba's tag service rules): the arguments are the limit, the resource and the count it would reach.
    TAGS_PER_RESOURCE_EXCEEDED(
            "QuotaExceed.TagsPerResource", 400, "A resource can have at most %s tags; %s would have %s."),
    INTERNAL_ERROR(
            "InternalError", 500, "The request processing has failed due to some unknown error, exception or failure."),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server."),
    // VM applications and the short-lived credentials other services hand out for them (issue 11).
    INCORRECT_STATUS_SERVICE_MESH(
            "IncorrectStatus.ServiceMesh", 409, "The service mesh is %s; retry when it is running."),
    // A cluster that is not (a running member) where the caller looked; the second argument says where.
    CLUSTER_NOT_FOUND("Cluster.NotFound", 404, "The cluster %s is not in %s."),
    PROMETHEUS_NOT_FOUND("Prometheus.NotFound", 404, "The cluster %s has no Prometheus: %s"),
    VM_APP_NOT_FOUND("VmApp.NotFound", 404, "The VM application %s is not in the service mesh."),
    INCORRECT_STATUS_VM_APP(
            "IncorrectStatus.VmApp", 409, "The VM application %s is being removed; retry when it is gone."),
    // --- Terraform add-ons (mesh-service MeshAddOns, UserPermissions) ---
    // Terraform's alicloud_service_mesh_user_permission retries on this code until the mesh runs.
    GRANT_NOT_RUNNING(
            "InvalidOperation.Grant.NotRunning",
            409,
            "The service mesh %s is %s; permissions are granted on a running mesh."),
    EXTENSION_PROVIDER_EXISTS(
            "ExtensionProvider.AlreadyExists", 400, "The service mesh already has an extension provider named %s."),
    EXTENSION_PROVIDER_NOT_FOUND(
            "ExtensionProvider.NotFound", 404, "The service mesh has no %s extension provider named %s.");
    // --- end Terraform add-ons ---

    private final String code;
    private final int httpStatus;
    private final String template;

    AsmError(String code, int httpStatus, String template) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.template = template;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /**
     * {@code Missing<Name>}: POP names the absent parameter in the code itself (MissingServiceMeshId,
     * MissingSignatureNonce), so this one code is built rather than listed.
     */
    public static AsmException missing(String name) {
        return new AsmException("Missing" + name, name + " is mandatory for this action.", 400);
    }

    String message(Object... args) {
        return args.length == 0
                ? template.replace("%s", "").trim()
                : String.format(template, args).trim();
    }
}
