package io.asm.mesh.domain;

import io.asm.common.crypto.SecretCipher;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The mesh settings Terraform manages beside UpdateMeshFeature: Kiali, CR aggregation, the control-plane log, the
 * pilot EIP and extension providers. Each is a feature of the mesh, so a change follows UpdateMeshFeature's rules
 * (a running or failed mesh takes it and the reconciler applies it; a mesh at work refuses it).
 */
@ApplicationScoped
@Transactional
public class MeshAddOns {

    private static final Pattern SLS_PROJECT = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    @Inject
    Meshes meshes;

    @Inject
    SecretCipher cipher;

    /** DescribeKialiConfiguration's view: the settings with their secrets opened. */
    public record Kiali(boolean enabled, KialiSettings settings, String clientSecret, String armsAuthTokens) {}

    @Transactional(Transactional.TxType.SUPPORTS)
    public Kiali kiali(String accountId, String meshId) {
        Map<String, Object> f = meshes.features(meshes.find(accountId, meshId));
        KialiSettings k = KialiSettings.of(f);
        return new Kiali(
                Boolean.TRUE.equals(f.get("KialiEnabled")),
                k,
                open(k.openId().sealedClientSecret()),
                open(k.sealedArmsAuthTokens()));
    }

    /** UpdateKialiConfiguration: only the given parameters change. */
    public void updateKiali(String accountId, String meshId, Map<String, Object> given) {
        Map<String, Object> f = meshes.features(meshes.find(accountId, meshId));
        Map<String, Object> changes = new LinkedHashMap<>();
        if (given.get("Enabled") instanceof Boolean enabled) {
            changes.put("KialiEnabled", enabled);
        }
        changes.put(
                KialiSettings.FEATURE,
                KialiSettings.of(f).with(given, cipher::encrypt).toFeature());
        meshes.updateFeatures(accountId, meshId, changes);
    }

    /** UpdateMeshCRAggregation. */
    public void updateCrAggregation(String accountId, String meshId, boolean enabled) {
        meshes.updateFeatures(accountId, meshId, Map.of("CRAggregationEnabled", enabled));
    }

    /** UpdateControlPlaneLogConfig: Project and LogTTLInDay keep their values when not given. */
    public void updateControlPlaneLog(String accountId, String meshId, boolean enabled, String project, Long ttlDays) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("ControlPlaneLogEnabled", enabled);
        if (project != null) {
            if (!SLS_PROJECT.matcher(project).matches()) {
                throw StrictJson.invalid(
                        "Project",
                        "It must be 3 to 63 lower-case letters, digits or '-', not starting or ending with '-'.");
            }
            changes.put("ControlPlaneLogProject", project);
        }
        if (ttlDays != null) {
            if (ttlDays < 1 || ttlDays > 3650) {
                throw StrictJson.invalid("LogTTLInDay", "It must be from 1 to 3650.");
            }
            changes.put("ControlPlaneLogTTL", ttlDays.intValue());
        }
        if (enabled
                && project == null
                && String.valueOf(
                                meshes.features(meshes.find(accountId, meshId)).get("ControlPlaneLogProject"))
                        .isEmpty()) {
            changes.put("ControlPlaneLogProject", "mesh-log-" + meshId);
        }
        meshes.updateFeatures(accountId, meshId, changes);
    }

    /** ModifyPilotEipResource: BindEip exposes istiod publicly through the EIP; UnBindEip takes it back. */
    public void modifyPilotEip(String accountId, String meshId, String operation, String eipId) {
        boolean bind = switch (operation) {
            case "BindEip" -> true;
            case "UnBindEip" -> false;
            default -> throw StrictJson.invalid("Operation", "It must be BindEip or UnBindEip.");
        };
        if (bind && (eipId == null || eipId.isEmpty())) {
            throw AsmError.missing("EipId");
        }
        meshes.updateFeatures(accountId, meshId, Map.of("PilotPublicEipId", bind ? eipId : ""));
        meshes.find(accountId, meshId).pilotPublicEip = bind; // the same managed entity: saved with the features
    }

    /** DescribeExtensionProvider: the providers of {@code type} (all when null), their Config as given. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Map<String, String>> extensionProviders(String accountId, String meshId, String type) {
        return ExtensionProviders.of(meshes.features(meshes.find(accountId, meshId))).stream()
                .filter(p -> type == null || type.isEmpty() || p.type().equals(type))
                .map(p -> Map.of("Name", p.name(), "Type", p.type(), "Config", cipher.decrypt(p.sealedConfig())))
                .toList();
    }

    /** Create (when {@code create}) or replace the Config of a provider; names are unique in a mesh. */
    public void putExtensionProvider(
            String accountId, String meshId, String type, String name, String config, boolean create) {
        requireType(type);
        List<ExtensionProviders.Stored> providers = providers(accountId, meshId);
        int at = indexOf(providers, name);
        if (create && at >= 0) {
            throw new AsmException(AsmError.EXTENSION_PROVIDER_EXISTS, name);
        }
        if (!create && (at < 0 || !providers.get(at).type().equals(type))) {
            throw new AsmException(AsmError.EXTENSION_PROVIDER_NOT_FOUND, type, name);
        }
        var stored = new ExtensionProviders.Stored(
                name, type, cipher.encrypt(config), ExtensionProviders.render(name, type, config));
        if (create) {
            providers.add(stored);
        } else {
            providers.set(at, stored);
        }
        meshes.updateFeatures(
                accountId, meshId, Map.of(ExtensionProviders.FEATURE, ExtensionProviders.toFeature(providers)));
    }

    public void deleteExtensionProvider(String accountId, String meshId, String type, String name) {
        requireType(type);
        List<ExtensionProviders.Stored> providers = providers(accountId, meshId);
        int at = indexOf(providers, name);
        if (at < 0 || !providers.get(at).type().equals(type)) {
            throw new AsmException(AsmError.EXTENSION_PROVIDER_NOT_FOUND, type, name);
        }
        providers.remove(at);
        meshes.updateFeatures(
                accountId, meshId, Map.of(ExtensionProviders.FEATURE, ExtensionProviders.toFeature(providers)));
    }

    private List<ExtensionProviders.Stored> providers(String accountId, String meshId) {
        return new ArrayList<>(ExtensionProviders.of(meshes.features(meshes.find(accountId, meshId))));
    }

    private static int indexOf(List<ExtensionProviders.Stored> providers, String name) {
        for (int i = 0; i < providers.size(); i++) {
            if (providers.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static void requireType(String type) {
        if (!ExtensionProviders.TYPES.contains(type)) {
            throw StrictJson.invalid("Type", "It must be httpextauth or grpcextauth.");
        }
    }

    private String open(String sealed) {
        return sealed == null || sealed.isEmpty() ? "" : cipher.decrypt(sealed);
    }
}
