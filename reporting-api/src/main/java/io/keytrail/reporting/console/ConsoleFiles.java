package io.keytrail.reporting.console;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The files of the console, read once from the class path into memory. Only the names listed
 * here exist: a request names one of them or gets a 404, so no request path ever reaches the
 * class path or the file system, and there is nothing to traverse.
 */
public final class ConsoleFiles {
    /** Where the console's own files are on the class path. */
    public static final String ROOT = "/io/keytrail/reporting/console/";
    /** The chart library's webjar; its version is read from the webjar's own Maven metadata. */
    static final String CHART_JS_POM = "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    /** One servable file; {@code etag} is a strong validator of its exact bytes. */
    public record StaticFile(byte[] body, String contentType, String etag) {
        public StaticFile {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(etag, "etag");
        }
    }

    private final Map<String, StaticFile> files;

    private ConsoleFiles(Map<String, StaticFile> files) {
        this.files = Map.copyOf(files);
    }

    /**
     * Reads the console and the chart library.
     *
     * @throws IllegalStateException naming the file that is missing, so a broken build stops start-up
     */
    public static ConsoleFiles load() {
        Map<String, StaticFile> files = new LinkedHashMap<>();
        for (String name : new String[] {"index.html", "console.css", "main.js", "api.js", "keys.js", "usage.js",
                "secrets.js", "ui.js", "favicon.svg"}) {
            files.put(name, file(name, ROOT + name));
        }
        String chartJs = "/META-INF/resources/webjars/chart.js/" + chartJsVersion() + "/dist/chart.umd.min.js";
        files.put("vendor/chart.umd.min.js", file("chart.umd.min.js", chartJs));
        return new ConsoleFiles(files);
    }

    /** The file served at {@code /console/<name>}, or {@code null}; {@code ""} is the page itself. */
    public StaticFile get(String name) {
        return files.get(name.isEmpty() ? "index.html" : name);
    }

    private static String chartJsVersion() {
        Properties pom = new Properties();
        try {
            pom.load(new ByteArrayInputStream(read(CHART_JS_POM)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CHART_JS_POM, e);
        }
        String version = pom.getProperty("version");
        if (version == null || !version.matches("[0-9A-Za-z.-]{1,32}")) {
            throw new IllegalStateException("no usable version in " + CHART_JS_POM);
        }
        return version;
    }

    private static StaticFile file(String name, String resource) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String type = Objects.requireNonNull(TYPES.get(extension), () -> "no content type for " + name);
        byte[] body = read(resource);
        return new StaticFile(body, type, etag(body));
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
