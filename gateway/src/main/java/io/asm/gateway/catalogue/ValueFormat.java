package io.asm.gateway.catalogue;

import java.util.regex.Pattern;

/**
 * What a text parameter may look like: the one place for the patterns. Checked at the edge, so that the services
 * receive only values they can put in a path, a Kubernetes name or a database row.
 */
public record ValueFormat(String rule, int maxLength, Pattern pattern) implements ValueRule {

    private static final String DNS_LABEL_REGEX = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String CLOUD_ID_REGEX = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";

    /** What mesh-service makes: {@code "c"} and 16 random bytes in hex (Meshes.create). */
    public static final ValueFormat MESH_ID =
            of("'c' followed by 32 lower-case hexadecimal digits", 33, "c[0-9a-f]{32}");
    /** Kubernetes' DNS-1123 label: cluster ids and namespaces. */
    public static final ValueFormat DNS_LABEL = of(
            "a DNS-1123 label (lower-case letters, digits and '-', " + "starting and ending with a letter or digit)",
            63,
            DNS_LABEL_REGEX);
    /** Kubernetes' DNS-1035 label: Service names, which must start with a letter. */
    public static final ValueFormat DNS_1035_LABEL = of(
            "a DNS-1035 label (lower-case letters, digits and '-', "
                    + "starting with a letter and ending with a letter or digit)",
            63,
            "[a-z]([-a-z0-9]*[a-z0-9])?");
    /** Kubernetes' DNS-1123 subdomain: ServiceAccount names, trust domains. */
    public static final ValueFormat DNS_SUBDOMAIN = of(
            "a DNS-1123 subdomain (DNS-1123 labels joined by '.')",
            253,
            DNS_LABEL_REGEX + "(\\." + DNS_LABEL_REGEX + ")*");

    public static final ValueFormat REGION_ID = of("a region id such as cn-hangzhou", 63, DNS_LABEL_REGEX);
    /** A cloud resource id as the clients send it ({@code vpc-…}, {@code vsw-…}). */
    public static final ValueFormat CLOUD_ID = of("a resource id (letters, digits, '-' and '_')", 64, CLOUD_ID_REGEX);
    /** A JSON array of vSwitch ids as the SDKs send it, or one bare id (what mesh-service accepts). */
    public static final ValueFormat VSWITCHES = of(
            "a JSON array of one or more vSwitch ids",
            4096,
            // Possessive: Java's regex engine recurses once per repetition of a backtracking group, and a thousand ids
            // overflowed a worker's stack (a 500); a possessive group is matched in a loop.
            "\\[\\s*\"" + CLOUD_ID_REGEX + "\"(?:\\s*,\\s*\"" + CLOUD_ID_REGEX + "\")*+\\s*]|" + CLOUD_ID_REGEX);
    /** What the gateway makes: 16 digits (AccessKeys.createAccount). */
    public static final ValueFormat ACCOUNT_ID = of("16 digits", 16, "[0-9]{16}");

    public static final ValueFormat ACCOUNT_NAME = of(
            "letters, digits, '.', '_', '@' or '-', starting with a letter " + "or digit",
            64,
            "[A-Za-z0-9][A-Za-z0-9._@-]*");
    /** Generated ones are {@code LTAI} and 20 letters or digits; a configured bootstrap id may also use '-' and '_'. */
    public static final ValueFormat ACCESS_KEY_ID =
            of("letters, digits, '-' and '_'", 128, "[A-Za-z0-9][A-Za-z0-9_-]*");

    public static final ValueFormat ACCESS_KEY_STATUS = of("Active or Inactive", 8, "Active|Inactive");
    /** A name people choose: any printable text, on one line. */
    public static final ValueFormat NAME = of("printable text without control characters", 128, "\\P{Cc}+");
    /** Any other single-line value (CPU and memory quantities, IP ranges, label lists, URLs). */
    public static final ValueFormat TEXT = of("text without control characters", 4096, "\\P{Cc}*");
    /** Multi-line documents (kubeconfig, webhook YAML): tabs and line breaks, but no other control characters. */
    public static final ValueFormat DOCUMENT = of(
            "text without control characters other than tabs and line breaks",
            ParameterValidator.MAX_VALUE_CHARS,
            "[\\P{Cc}\\t\\n\\r]*");

    /** Alibaba's tag limits: 20 tags per resource (and per call), keys of 1 to 128 characters, values up to 128. */
    public static final int MAX_TAGS = 20;

    public static final ValueFormat TAG_KEY =
            of("text of 1 to 128 characters without control characters", 128, "\\P{Cc}+");
    public static final ValueFormat TAG_VALUE = of("text without control characters", 128, "\\P{Cc}*");
    public static final ValueFormat CLUSTER_SPEC =
            of("standard, enterprise or ultimate", 10, "standard|enterprise|ultimate");
    /** ListTagResources' page token: the offset the previous answer stopped at. */
    public static final ValueFormat NEXT_TOKEN = of("a NextToken from an earlier answer", 9, "[0-9]{1,9}");
    /** The only taggable resource type here. */
    public static final ValueFormat TAG_RESOURCE_TYPE = of("servicemesh", 11, "servicemesh");

    static ValueFormat of(String rule, int maxLength, String regex) {
        return new ValueFormat(rule, maxLength, Pattern.compile(regex));
    }

    /** Length first: no pattern ever runs on an oversize value. */
    @Override
    public boolean accepts(Object value) {
        String text = (String) value;
        return text.length() <= maxLength && pattern.matcher(text).matches();
    }

    @Override
    public String describe() {
        return rule + ", at most " + maxLength + " characters";
    }
}
