package io.asm.cluster.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;

/** The sidecar injector a member cluster gets (DOMAIN.md §3.9-2c): its webhooks call the mesh's istiod. */
final class InjectorWebhook {

    static final String NAME = "istio-sidecar-injector";

    /** The revision the mesh's istiod serves: istiod without a revision answers to {@code istio.io/rev=default}. */
    static final String DEFAULT_REVISION = "default";

    private InjectorWebhook() {}

    /**
     * Upstream's injector for the default revision (istio-discovery's mutatingwebhook.yaml with no revision): namespaces
     * labelled {@code istio.io/rev=default} or {@code istio-injection=enabled}, or, in unlabelled namespaces, pods
     * labelled {@code istio.io/rev=default} or {@code sidecar.istio.io/inject=true}; a pod can always opt out with
     * {@code sidecar.istio.io/inject=false}.
     */
    static HasMetadata of(String clusterId, String pilotEndpoint) {
        String host = pilotEndpoint.contains(":")
                ? pilotEndpoint.substring(0, pilotEndpoint.lastIndexOf(':'))
                : pilotEndpoint;
        String url = "https://" + host + ":15017/inject/:ENV:cluster=" + clusterId;
        LabelSelectorRequirement optedOut = requirement("sidecar.istio.io/inject", "NotIn", "false");
        LabelSelectorRequirement noRevNamespace = requirement("istio.io/rev", "DoesNotExist");
        LabelSelectorRequirement noInjectionLabel = requirement("istio-injection", "DoesNotExist");
        return new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(NAME)
                .addToLabels("app", "sidecar-injector")
                .endMetadata()
                .withWebhooks(
                        webhook("rev.namespace.sidecar-injector.istio.io", url)
                                .withNamespaceSelector(
                                        selector(requirement("istio.io/rev", "In", DEFAULT_REVISION), noInjectionLabel))
                                .withObjectSelector(selector(optedOut))
                                .build(),
                        webhook("rev.object.sidecar-injector.istio.io", url)
                                .withNamespaceSelector(selector(noRevNamespace, noInjectionLabel))
                                .withObjectSelector(
                                        selector(optedOut, requirement("istio.io/rev", "In", DEFAULT_REVISION)))
                                .build(),
                        webhook("namespace.sidecar-injector.istio.io", url)
                                .withNamespaceSelector(selector(requirement("istio-injection", "In", "enabled")))
                                .withObjectSelector(selector(optedOut))
                                .build(),
                        webhook("object.sidecar-injector.istio.io", url)
                                .withNamespaceSelector(selector(noInjectionLabel, noRevNamespace))
                                .withObjectSelector(selector(
                                        requirement("sidecar.istio.io/inject", "In", "true"),
                                        requirement("istio.io/rev", "DoesNotExist")))
                                .build())
                .build();
    }

    private static LabelSelector selector(LabelSelectorRequirement... requirements) {
        return new LabelSelectorBuilder().withMatchExpressions(requirements).build();
    }

    private static LabelSelectorRequirement requirement(String key, String operator, String... values) {
        return new LabelSelectorRequirementBuilder()
                .withKey(key)
                .withOperator(operator)
                .withValues(values)
                .build();
    }

    private static MutatingWebhookBuilder webhook(String name, String url) {
        return new MutatingWebhookBuilder()
                .withName(name)
                .withNewClientConfig()
                .withUrl(url)
                .endClientConfig()
                .addNewRule()
                .withOperations("CREATE")
                .withApiGroups("")
                .withApiVersions("v1")
                .withResources("pods")
                .endRule()
                .withSideEffects("None")
                .withAdmissionReviewVersions("v1", "v1beta1")
                .withFailurePolicy("Fail")
                .withReinvocationPolicy("Never");
    }
}
