package io.asm.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Requests written byte for byte on a socket, so that even what no HTTP client would send reaches the server. */
final class RawHttp {

    /** What came back: the status, the headers (lower-case names) and the body. */
    record Answer(int status, Map<String, String> headers, String body) {}

    private RawHttp() {}

    /** A request line, headers (Host and Connection: close first) and a body with its Content-Length. */
    static byte[] request(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method + " " + target
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + "Content-Length: " + body.length + "\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /**
     * Sends the bytes and reads one answer, by its Content-Length when it has one. A server that does not answer
     * within {@code timeoutMs} is a hang, reported as such.
     */
    static Answer exchange(int port, byte[] request, int timeoutMs) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                // The server may answer and close before reading all of an oversize request: read what it said.
            }
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + timeoutMs + " ms", e);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        int contentLength = -1;
        Map<String, String> headers = new HashMap<>();
        int status = -1;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                n = -1; // a reset after the answer is still an answer
            }
            if (n < 0) {
                break;
            }
            received.write(buffer, 0, n);
            String text = received.toString(StandardCharsets.ISO_8859_1);
            if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                String[] lines = text.substring(0, headEnd).split("\r\n");
                status = Integer.parseInt(lines[0].split(" ")[1]);
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.put(
                            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
                contentLength =
                        headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : -1;
            }
            if (headEnd >= 0 && contentLength >= 0 && received.size() >= headEnd + 4 + contentLength) {
                break;
            }
        }
        if (headEnd < 0) {
            throw new AssertionError("the connection closed without an answer (" + received.size() + " bytes)");
        }
        byte[] all = received.toByteArray();
        int bodyLength = contentLength >= 0 ? contentLength : all.length - headEnd - 4;
        return new Answer(status, headers, new String(all, headEnd + 4, bodyLength, StandardCharsets.UTF_8));
    }
}
