package io.asm.vm.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.common.quota.Quota;
import io.asm.common.quota.Quotas;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The VM application rules (DOMAIN.md §3.16–3.18): requests record the desired state and answer; the
 * {@link VmAppReconciler} writes the objects. The caller checked the mesh first (outside the transaction).
 */
@ApplicationScoped
@Transactional
public class VmApps {

    @Inject
    ObjectMapper json;

    @Inject
    Quotas quotas;

    @Inject
    Event<VmAppNudge> nudge;

    /** AddVmAppToMesh: a new application, or the new desired state of an existing one (adding twice changes nothing). */
    public void add(String accountId, String meshId, VmAppSpec spec) {
        Quotas.takeTurns(VmApp.getEntityManager(), Quota.VM_APPS, accountId);
        VmApp app = find(meshId, spec.namespace(), spec.serviceName());
        if (app == null) {
            quotas.requireRoom(Quota.VM_APPS, VmApp.count("accountId = ?1 and state <> ?2", accountId, VmApp.REMOVING));
            app = new VmApp();
            app.id = UUID.randomUUID().toString();
            app.accountId = accountId;
            app.meshId = meshId;
            app.namespace = spec.namespace();
            app.serviceName = spec.serviceName();
            app.createdAt = OffsetDateTime.now();
        } else if (VmApp.REMOVING.equals(app.state)) {
            throw new AsmException(AsmError.INCORRECT_STATUS_VM_APP, spec.namespace() + "/" + spec.serviceName());
        }
        app.spec = write(spec);
        app.moveTo(VmApp.APPLYING);
        app.persist();
        nudge.fire(new VmAppNudge(app.id));
    }

    /** RemoveVmAppFromMesh: the application's last desired state, which the reconciler now removes everywhere. */
    public VmAppSpec remove(String meshId, String namespace, String serviceName) {
        VmApp app = find(meshId, namespace, serviceName);
        if (app == null) {
            throw new AsmException(AsmError.VM_APP_NOT_FOUND, namespace + "/" + serviceName);
        }
        if (!VmApp.REMOVING.equals(app.state)) {
            app.moveTo(VmApp.REMOVING);
            nudge.fire(new VmAppNudge(app.id));
        }
        return spec(app);
    }

    /** GetVmAppMeshInfo: the mesh's applications, by namespace and name. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<VmApp> list(String meshId) {
        return VmApp.list("meshId = ?1 order by namespace, serviceName", meshId);
    }

    /** MeshDeleted: every application of the mesh goes. */
    public void meshDeleted(String meshId) {
        for (VmApp app : VmApp.<VmApp>list("meshId = ?1 and state <> ?2", meshId, VmApp.REMOVING)) {
            app.moveTo(VmApp.REMOVING);
            nudge.fire(new VmAppNudge(app.id));
        }
    }

    /** The mesh runs (again): its applications waiting for that are due now. */
    public void meshRuns(String meshId) {
        // Locked: a step under way with the row would otherwise write its paced look over this one.
        for (VmApp app : VmApp.<VmApp>find("meshId = ?1 and state = ?2", meshId, VmApp.APPLYING)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list()) {
            app.lookNow();
            nudge.fire(new VmAppNudge(app.id));
        }
    }

    /** ClusterAttached: the mesh's applications are applied again, so the new member gets their Services. */
    public void clusterAttached(String meshId) {
        for (VmApp app : VmApp.<VmApp>list("meshId = ?1 and state in (?2, ?3)", meshId, VmApp.RUNNING, VmApp.FAILED)) {
            app.moveTo(VmApp.APPLYING);
            nudge.fire(new VmAppNudge(app.id));
        }
    }

    /** The stored spec; a pure function of the row, so no transaction of its own (the class's REQUIRED began one). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public VmAppSpec spec(VmApp app) {
        try {
            return json.readValue(app.spec, VmAppSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored spec of VM app " + app.id + " is not readable", e);
        }
    }

    private String write(VmAppSpec spec) {
        try {
            return json.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static VmApp find(String meshId, String namespace, String serviceName) {
        return VmApp.find("meshId = ?1 and namespace = ?2 and serviceName = ?3", meshId, namespace, serviceName)
                .firstResult();
    }
}
