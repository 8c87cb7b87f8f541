package io.keytrail.cli.commands;

import io.keytrail.cli.args.UsageException;
import io.keytrail.cli.client.AdminClient;
import io.keytrail.cli.client.AdminEndpoint;
import io.keytrail.cli.client.AdminToken;
import io.keytrail.cli.output.Output;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a running subcommand may use. The admin token is looked up only when the first request is
 * sent, so that help and usage errors never need one.
 */
public final class Session {
    /** More than any key the API accepts (256), so a whole file piped by mistake is refused. */
    static final int MAX_STDIN_BYTES = 4096;

    private final Output output;
    private final AdminEndpoint endpoint;
    private final String tokenFileOption;
    private final Map<String, String> env;
    private final Path root;
    private final InputStream stdin;
    private final HttpClient http;
    private AdminClient client;

    public Session(Output output, AdminEndpoint endpoint, String tokenFileOption, Map<String, String> env, Path root,
                   InputStream stdin, HttpClient http) {
        this.output = Objects.requireNonNull(output, "output");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.tokenFileOption = tokenFileOption;
        this.env = Map.copyOf(env);
        this.root = Objects.requireNonNull(root, "root");
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.http = Objects.requireNonNull(http, "http");
    }

    public Output out() {
        return output;
    }

    /** The client, with the token resolved on first use; warns once if the token would travel in clear. */
    public AdminClient client() {
        if (client == null) {
            AdminToken token = AdminToken.resolve(tokenFileOption, env, root);
            if (endpoint.plainTextOverNetwork()) {
                output.warning("the admin token is sent unencrypted to " + endpoint.base()
                        + "; use https:// for an admin API on another host");
            }
            client = new AdminClient(endpoint, token, http);
        }
        return client;
    }

    /**
     * The one line on stdin, for {@code --import}: a key never comes from the command line. Leading and
     * trailing white space (the newline of {@code echo}) is dropped.
     */
    public String secretFromStdin(String option) {
        byte[] bytes;
        try {
            bytes = stdin.readNBytes(MAX_STDIN_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stdin", e);
        }
        if (bytes.length > MAX_STDIN_BYTES) {
            throw new UsageException(option + " reads one key from stdin, and stdin holds more than "
                    + MAX_STDIN_BYTES + " bytes");
        }
        String value = new String(bytes, StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) {
            throw new UsageException(option + " reads the key from stdin, and stdin is empty "
                    + "(e.g. printf %s \"$KEY\" | keytrail keys create --import ...)");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new UsageException(option + " reads one key from stdin, and stdin holds more than one line");
        }
        return value;
    }
}
