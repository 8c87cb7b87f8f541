package io.keytrail.gateway.proxy;

import io.keytrail.gateway.config.UpstreamTlsSettings;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.xnio.OptionMap;
import org.xnio.Xnio;
import org.xnio.ssl.XnioSsl;

/**
 * The TLS an API's https targets are reached with: its own CAs, or the JVM's trust store. Undertow's
 * client checks that the certificate names the target's host (its {@code HttpClientProvider} asks
 * the engine for HTTPS endpoint identification); {@code UpstreamTlsTest} holds it to that.
 */
final class UpstreamTls {
    private UpstreamTls() {
    }

    /** The client side of {@code context}; APIs on the JVM's trust store share one. */
    static XnioSsl ssl(SSLContext context) {
        return context == Shared.CONTEXT ? Shared.SSL : new UndertowXnioSsl(Xnio.getInstance(), OptionMap.EMPTY, context);
    }

    static SSLContext context(UpstreamTlsSettings settings) {
        try {
            if (settings.trusted().isEmpty()) {
                return Shared.CONTEXT;
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (X509Certificate ca : settings.trusted()) {
                trust.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            // The certificates were read and parsed with the settings; what is left is the JVM's TLS itself.
            throw new IllegalStateException("cannot set up TLS for upstream targets: " + e.getMessage(), e);
        }
    }

    private static final class Shared {
        static final SSLContext CONTEXT;
        static final XnioSsl SSL;

        static {
            try {
                CONTEXT = SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new ExceptionInInitializerError(e);
            }
            SSL = new UndertowXnioSsl(Xnio.getInstance(), OptionMap.EMPTY, CONTEXT);
        }
    }
}
