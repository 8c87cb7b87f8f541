package io.keytrail.gateway;

import io.keytrail.gateway.config.ConfigException;
import io.keytrail.gateway.config.GatewaySettings;
import io.keytrail.gateway.reload.ReloadSignal;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a gateway: {@code GatewayMain [--config gateway.yaml]}; the environment overrides the file.
 * With a file, the gateway reloads its APIs on SIGHUP and when the file changes.
 */
public final class GatewayMain {
    private GatewayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i]) && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else {
                System.err.println("usage: GatewayMain [--config FILE]");
                System.exit(2);
            }
        }
        GatewaySettings settings;
        try {
            settings = GatewaySettings.load(config, System.getenv());
        } catch (ConfigException e) {
            System.err.println("gateway configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        GatewayApp app;
        try {
            app = GatewayApp.start(settings, config, System.getenv());
        } catch (RuntimeException e) {
            System.err.println("gateway failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (config != null) {
            ReloadSignal.install(app::reload);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "gateway-shutdown"));
        System.out.println("edge-gateway listening on " + app.address() + " (health on port " + app.managementPort() + ")");
        stopped.await();
    }
}
