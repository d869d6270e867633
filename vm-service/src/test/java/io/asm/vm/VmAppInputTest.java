package io.asm.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.common.error.AsmException;
import io.asm.vm.domain.VmAppInput;
import io.asm.vm.domain.VmAppSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AddVmAppToMesh's text parameters: what is accepted, and the exact refusals. */
class VmAppInputTest {

    static VmAppSpec parse(
            String ns, String svc, String ips, String ports, String labels, String annotations, Boolean force) {
        return VmAppInput.parse(ns, svc, ips, ports, labels, annotations, "http-sa", force);
    }

    @Test
    void goodInputIsParsedInOrder() {
        VmAppSpec s = parse(
                "hello",
                "http-service",
                "10.0.0.1,fe80:0:0:0:0:0:0:1",
                "http:8000,tcp-db:5432",
                "app=web,example.com/tier=",
                "note=a b",
                false);
        assertEquals(List.of("10.0.0.1", "fe80::1"), s.ips());
        assertEquals(
                List.of(new VmAppSpec.Port("http-8000", 8000, "HTTP"), new VmAppSpec.Port("tcp-5432", 5432, "TCP")),
                s.ports());
        assertEquals(Map.of("app", "web", "example.com/tier", ""), s.labels());
        assertEquals(Map.of("note", "a b"), s.annotations());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Hello|http-service|10.0.0.1|http:80|app=a|Namespace",
                "hello|1service|10.0.0.1|http:80|app=a|ServiceName",
                "hello|http-service|10.0.0.256|http:80|app=a|Ips",
                "hello|http-service|example.com|http:80|app=a|Ips",
                "hello|http-service|10.0.0.1,,10.0.0.2|http:80|app=a|Ips",
                "hello|http-service|10.0.0.1,10.0.0.1|http:80|app=a|Ips",
                "hello|http-service|10.0.0.1|http:0|app=a|Ports",
                "hello|http-service|10.0.0.1|http:65536|app=a|Ports",
                "hello|http-service|10.0.0.1|http-80|app=a|Ports",
                "hello|http-service|10.0.0.1|http:80,tcp:80|app=a|Ports",
                "hello|http-service|10.0.0.1|udp:53|app=a|Ports",
                "hello|http-service|10.0.0.1|http:80|app|Labels",
                "hello|http-service|10.0.0.1|http:80|app=a b|Labels",
                "hello|http-service|10.0.0.1|http:80|-app=a|Labels",
                "hello|http-service|10.0.0.1|http:80|app=a,app=b|Labels",
                "hello|http-service|10.0.0.1|http:80|asm.alibabacloud.com/vm-app=x|Labels",
            })
    void badInputNamesTheParameter(String ns, String svc, String ips, String ports, String labels, String parameter) {
        AsmException e = assertThrows(AsmException.class, () -> parse(ns, svc, ips, ports, labels, null, false));
        assertEquals("InvalidParameter", e.code());
        assertTrue(
                e.getMessage().startsWith("The specified parameter \"" + parameter + "\" is not valid."),
                e.getMessage());
    }

    @Test
    void tooLongALabelValueAndMissingParametersAreRefused() {
        AsmException tooLong = assertThrows(
                AsmException.class,
                () -> parse("hello", "svc", "10.0.0.1", "http:80", "app=" + "a".repeat(64), null, false));
        assertTrue(tooLong.getMessage().contains("\"Labels\""), tooLong.getMessage());
        AsmException missing =
                assertThrows(AsmException.class, () -> parse("hello", "svc", " ", "http:80", "app=a", null, false));
        assertEquals("MissingParameter", missing.code());
        assertTrue(missing.getMessage().contains("\"Ips\""), missing.getMessage());
        AsmException badAnnotation = assertThrows(
                AsmException.class, () -> parse("hello", "svc", "10.0.0.1", "http:80", "app=a", "a/b/c=1", false));
        assertTrue(badAnnotation.getMessage().contains("\"Annotations\""), badAnnotation.getMessage());
    }

    @Test
    void forceSkipsAPortWithAnUnknownProtocolAndSaysSo() {
        VmAppSpec s = parse("hello", "svc", "10.0.0.1", "http:80,udp:53", "app=a", null, true);
        assertEquals(List.of(new VmAppSpec.Port("http-80", 80, "HTTP")), s.ports());
        assertEquals("udp:53", s.skipped().get(0).value());
        assertTrue(
                s.skipped().get(0).reason().startsWith("the protocol UDP is not one of GRPC, HTTP, HTTP2"),
                s.skipped().toString());
    }
}
