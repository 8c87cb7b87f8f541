package io.keytrail.gateway.metrics;

import io.keytrail.events.FailureReason;
import io.keytrail.gateway.auth.AuthDecision;
import io.keytrail.gateway.http.Attachments;
import io.keytrail.gateway.route.ResolvedApi;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts and times every request by API and outcome ({@code success}, a failure reason in lower
 * case, or {@code none} when the API authenticates nothing) when its exchange completes. Timers are
 * created once per API and outcome and then found without locking or allocating.
 */
public final class RequestMetricsHandler implements HttpHandler {
    static final String NAME = "keytrail.gateway.requests";
    static final String NO_API = "none";
    private static final int SUCCESS = FailureReason.values().length;
    private static final int NONE = SUCCESS + 1;

    private final MeterRegistry registry;
    private final HttpHandler next;
    private final ConcurrentHashMap<String, Timer[]> byApi = new ConcurrentHashMap<>();
    private final ExchangeCompletionListener listener = this::record;

    public RequestMetricsHandler(MeterRegistry registry, HttpHandler next) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addExchangeCompleteListener(listener);
        next.handleRequest(exchange);
    }

    private void record(HttpServerExchange exchange, ExchangeCompletionListener.NextListener nextListener) {
        try {
            Long started = exchange.getAttachment(Attachments.STARTED_NANOS);
            if (started != null) {
                ResolvedApi api = exchange.getAttachment(Attachments.API);
                AuthDecision decision = exchange.getAttachment(Attachments.DECISION);
                int outcome = decision == null ? NONE : decision.success() ? SUCCESS : decision.reason().ordinal();
                Timer[] timers = byApi.computeIfAbsent(api == null ? NO_API : api.id(), id -> new Timer[NONE + 1]);
                Timer timer = timers[outcome];
                if (timer == null) {
                    timer = timer(api == null ? NO_API : api.id(), outcome);
                    timers[outcome] = timer;
                }
                timer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        } finally {
            nextListener.proceed();
        }
    }

    private Timer timer(String api, int outcome) {
        String name = outcome == SUCCESS ? "success" : outcome == NONE ? "none"
                : FailureReason.values()[outcome].name().toLowerCase(Locale.ROOT);
        // The registry returns the one timer for these tags, however many threads race here.
        return Timer.builder(NAME)
                .description("Requests through the gateway by API and authentication outcome")
                .tag("api", api)
                .tag("outcome", name)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }
}
