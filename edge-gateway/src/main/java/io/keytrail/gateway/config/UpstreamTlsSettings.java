package io.keytrail.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * How one API's gateway checks its https targets (section {@code upstreams.tls} of an API). The
 * target's certificate must chain to a trusted authority and name the target's host; there is no
 * switch to skip either check.
 *
 * @param caFile  a PEM file of the certificate authorities to trust for this API's targets instead
 *                of the JVM's trust store, for upstreams behind a private CA; {@code null} for the
 *                JVM's trust store
 * @param trusted read from {@code ca-file} here, whatever is passed in; empty for the JVM's trust
 *                store. Part of the value, so settings read again after the file changed are not
 *                equal to the old ones
 */
public record UpstreamTlsSettings(String caFile, @JsonIgnore List<X509Certificate> trusted) {
    /** A CA bundle larger than this is not a CA bundle. */
    static final int MAX_CA_FILE_BYTES = 1024 * 1024;

    /** Reads the file. */
    public UpstreamTlsSettings(String caFile) {
        this(caFile, null);
    }

    public UpstreamTlsSettings {
        trusted = caFile == null ? List.of() : certificates(caFile);
    }

    /** The JVM's trust store. */
    public static UpstreamTlsSettings defaults() {
        return new UpstreamTlsSettings(null);
    }

    private static List<X509Certificate> certificates(String path) {
        String pem = JwtKeyFiles.readText("ca-file", path, MAX_CA_FILE_BYTES);
        if (pem.contains("PRIVATE KEY-----")) {
            // Refused rather than skipped: a private key in a trust file means the wrong file was given.
            throw new ConfigException("ca-file", path + " holds a private key; give only the CA certificates");
        }
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new ConfigException("ca-file", path + " holds no certificate (-----BEGIN CERTIFICATE-----)");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                if (certificate instanceof X509Certificate x509) {
                    certificates.add(x509);
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException("ca-file", path + " is not a readable PEM certificate bundle: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new ConfigException("ca-file", path + " holds no certificate (-----BEGIN CERTIFICATE-----)");
        }
        return List.copyOf(certificates);
    }
}
