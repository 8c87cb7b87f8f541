package io.keytrail.bench.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx in two roles: the upstream every target ends at (a small static JSON body), and the
 * do-it-yourself alternative to a gateway, a reverse proxy checking {@code x-apim-key} against a
 * {@code map} of valid keys.
 */
final class Nginx implements AutoCloseable {
    private final Process process;
    private final Path dir;

    private Nginx(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    static Nginx start(Path dir, int upstreamPort, int proxyPort, int workers, List<String> validKeys)
            throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("logs"));
        StringBuilder keys = new StringBuilder();
        for (String key : validKeys) {
            keys.append("    \"").append(key).append("\" 1;\n");
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes %d;
                error_log %s/logs/error.log warn;
                pid %s/nginx.pid;
                events { worker_connections 8192; }
                http {
                  access_log off;
                  keepalive_requests 10000000;
                  keepalive_timeout 300s;
                  upstream origin { server 127.0.0.1:%d; keepalive 256; }
                  map $http_x_apim_key $key_ok {
                    default 0;
                %s  }
                  server {
                    listen 127.0.0.1:%d;
                    location / {
                      default_type application/json;
                      return 200 '{"ok":true,"service":"bench-upstream"}';
                    }
                  }
                  server {
                    listen 127.0.0.1:%d;
                    error_page 401 = @unauthorized;
                    location @unauthorized {
                      default_type application/json;
                      return 401 '{"message":"Invalid authentication credentials","status":401}';
                    }
                    location / {
                      if ($key_ok = 0) {
                        return 401;
                      }
                      proxy_pass http://origin;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header x-apim-key "";
                    }
                  }
                }
                """.formatted(workers, dir, dir, upstreamPort, keys, upstreamPort, proxyPort));
        Process process = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", conf.toString(), "-g", "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs/stdout.log").toFile())
                .start();
        Thread.sleep(500);
        if (!process.isAlive()) {
            throw new IOException("nginx did not start: " + Files.readString(dir.resolve("logs/stdout.log")));
        }
        return new Nginx(process, dir);
    }

    /** The master and its workers: all of nginx's CPU. */
    List<Long> pids() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.toHandle().descendants())
                .map(ProcessHandle::pid)
                .toList();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    Path dir() {
        return dir;
    }
}
