package io.keytrail.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One HTTP/1.1 connection kept open across requests, to show a reload does not drop it. */
public final class KeepAliveConnection implements AutoCloseable {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

    private final Socket socket;
    private final InputStream in;

    public KeepAliveConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
    }

    /** Sends a GET with the given extra header lines ({@code "Name: value"}) and reads one whole response. */
    public String get(String path, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + out.toString(StandardCharsets.ISO_8859_1));
            }
            out.write(b);
            String text = out.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                Matcher length = CONTENT_LENGTH.matcher(text.substring(0, end));
                int expected = length.find() ? Integer.parseInt(length.group(1)) : 0;
                if (text.length() - end - 4 >= expected) {
                    return text;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
