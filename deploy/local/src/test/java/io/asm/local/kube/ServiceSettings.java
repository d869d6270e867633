package io.asm.local.kube;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a service reads in production, derived from its source tree: placeholders
 * ({@code ${ASM_X}}) and property names in common's and the module's properties (%prod and unprofiled), and the
 * properties of every {@code @ConfigMapping} interface in common and the module (SmallRye maps
 * {@code asm.mesh.hosted.kubeconfig-file} to {@code ASM_MESH_HOSTED_KUBECONFIG_FILE}).
 *
 * @param names variables read by name
 * @param prefixes variables read under a prefix (a {@code Map} in a mapping: {@code ASM_CRYPTO_KEYS_<id>})
 * @param required placeholders without a default: the service does not start without them
 * @param portVariable the variable the service's public listener takes its port from
 * @param cryptoRequired whether it seals secrets at rest, so needs ASM_CRYPTO_KEY ({@code asm.crypto.required})
 */
record ServiceSettings(
        Set<String> names, Set<String> prefixes, Set<String> required, String portVariable, boolean cryptoRequired) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(\\}|:)");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
    private static final Pattern NESTED = Pattern.compile("\\binterface\\s+(\\w+)\\s*\\{");
    private static final Pattern METHOD = Pattern.compile("([\\w.]+(?:<[^;()]*>)?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern ANNOTATION = Pattern.compile("@\\w+(\\([^)]*\\))?");

    boolean reads(String variable) {
        return names.contains(variable) || prefixes.stream().anyMatch(variable::startsWith);
    }

    static ServiceSettings of(Path repo, String module) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Set<String> prefixes = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        Properties merged = new Properties();
        for (Path file : List.of(
                repo.resolve("common/src/main/resources/META-INF/microprofile-config.properties"),
                repo.resolve(module + "/src/main/resources/application.properties"))) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("%") && !key.startsWith("%prod.")) {
                    continue; // dev and test profiles do not run in a deployment
                }
                String property = key.replaceFirst("^%prod\\.", "");
                String value = p.getProperty(key);
                merged.setProperty(property, value);
                names.add(env(property));
                Matcher m = PLACEHOLDER.matcher(value);
                while (m.find()) {
                    names.add(m.group(1));
                    if (m.group(2).equals("}")) {
                        required.add(m.group(1));
                    }
                }
            }
        }
        for (Path sources : List.of(repo.resolve("common/src/main/java"), repo.resolve(module + "/src/main/java"))) {
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(f);
                    Matcher m = MAPPING.matcher(source);
                    if (m.find()) {
                        String code = withoutComments(source);
                        Map<String, String> bodies = interfaceBodies(code);
                        Matcher decl = NESTED.matcher(code.substring(code.indexOf("@ConfigMapping")));
                        decl.find();
                        walk(bodies.get(decl.group(1)), m.group(1), bodies, names, prefixes);
                    }
                }
            }
        }
        String listener = merged.containsKey("asm.gateway.edge.port") ? "asm.gateway.edge.port" : "quarkus.http.port";
        Matcher port = PLACEHOLDER.matcher(merged.getProperty(listener, ""));
        if (!port.find()) {
            throw new IllegalStateException(module + ": " + listener + " takes no port from the environment");
        }
        boolean crypto = !"false".equals(merged.getProperty("asm.crypto.required"));
        return new ServiceSettings(names, prefixes, required, port.group(1), crypto);
    }

    /** Each mapping method: a leaf, a nested group (recursed into), or a map (anything under its name). */
    private static void walk(
            String body, String prefix, Map<String, String> bodies, Set<String> names, Set<String> prefixes) {
        String members = ANNOTATION.matcher(topLevel(body)).replaceAll(" ");
        Matcher m = METHOD.matcher(members);
        while (m.find()) {
            String type = m.group(1).replaceAll("^Optional<(.*)>$", "$1");
            String property = prefix + "." + kebab(m.group(2));
            if (type.startsWith("Map<")) {
                prefixes.add(env(property) + "_");
            } else if (bodies.containsKey(type)) {
                walk(bodies.get(type), property, bodies, names, prefixes);
            } else {
                names.add(env(property));
            }
        }
    }

    /** Every interface in the file by name, with the text between its braces. */
    private static Map<String, String> interfaceBodies(String code) {
        Map<String, String> bodies = new HashMap<>();
        Matcher m = NESTED.matcher(code);
        while (m.find()) {
            int depth = 1;
            int i = m.end();
            for (; depth > 0; i++) {
                char c = code.charAt(i);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            bodies.put(m.group(1), code.substring(m.end(), i - 1));
        }
        return bodies;
    }

    /** The body without the contents of nested blocks. */
    private static String topLevel(String body) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : body.toCharArray()) {
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                out.append(';');
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String withoutComments(String source) {
        // Block comments, then string literals (defaults hold braces and "//"), then line comments.
        return source.replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("\"[^\"\n]*\"", "\"\"")
                .replaceAll("//[^\n]*", " ");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** SmallRye Config's environment form of a property name. */
    static String env(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
