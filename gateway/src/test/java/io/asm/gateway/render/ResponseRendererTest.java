package io.asm.gateway.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** The pass-through of a service's JSON: RequestId first, the service's fields untouched, whatever the spacing. */
class ResponseRendererTest {

    private final ResponseRenderer renderer = new ResponseRenderer();

    {
        renderer.json = new ObjectMapper();
    }

    private String json(String serviceBody) {
        return (String) renderer.success("DescribeX", "REQ-1", serviceBody.getBytes(StandardCharsets.UTF_8), false)
                .getEntity();
    }

    @Test
    void putsRequestIdFirstAndKeepsTheServiceFields() {
        assertEquals(
                "{\"RequestId\":\"REQ-1\",\"A\":1,\"B\":{\"C\":[\"x\"]}}", json("{\"A\":1,\"B\":{\"C\":[\"x\"]}}"));
        assertEquals("{\"RequestId\":\"REQ-1\",\"A\":\"ü\"}", json("  {\"A\":\"ü\"}\n"));
        assertEquals("{\"RequestId\":\"REQ-1\"}", json("{}"));
        assertEquals("{\"RequestId\":\"REQ-1\"}", json("{ }"));
    }

    @Test
    void aServiceRequestIdNeverDuplicatesOrReplacesTheGatewayOne() {
        assertEquals("{\"RequestId\":\"REQ-1\",\"A\":1}", json("{\"RequestId\":\"other\",\"A\":1}"));
    }

    @Test
    void xmlIsRenderedFromTheSameBytes() {
        String xml = (String) renderer.success(
                        "DescribeX", "REQ-1", "{\"A\":1,\"L\":[\"a\",\"b\"]}".getBytes(StandardCharsets.UTF_8), true)
                .getEntity();
        assertEquals(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DescribeXResponse><RequestId>REQ-1</RequestId><A>1</A>"
                        + "<L>a</L><L>b</L></DescribeXResponse>",
                xml);
    }

    @Test
    void xmlCarriesOnlyWhatXmlMayHoldAndParses() throws Exception {
        // A name a tenant chose: markup, U+FFFF and U+FFFE (not XML characters), an emoji (a surrogate pair).
        String name = "a<b>&\"'\uFFFFc\uFFFEd\uD83D\uDE00";
        String body = new ObjectMapper().createObjectNode().put("Name", name).toString();
        String xml = (String) renderer.success("DescribeX", "REQ-1", body.getBytes(StandardCharsets.UTF_8), true)
                .getEntity();
        var doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(
                "a<b>&\"' c d\uD83D\uDE00",
                doc.getElementsByTagName("Name").item(0).getTextContent());
    }
}
