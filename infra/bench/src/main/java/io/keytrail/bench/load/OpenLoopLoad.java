package io.keytrail.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Sends HTTP/1.1 GETs at a fixed rate over keep-alive connections, request {@code n} due at
 * {@code start + n / rate} and spread round-robin over the connections (the wrk2 model). Latency is
 * measured from when a request was due, not from when it could be sent, so a stalled server shows
 * up as the queueing delay real clients would feel (no coordinated omission).
 */
public final class OpenLoopLoad {
    /** The outcome of one run; latencies in microseconds. */
    public record Result(double targetRate, double achievedRate, long requests, long errors, long non2xx,
            long p50, long p90, long p99, long p999, long max) {

        public Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("targetRate", targetRate);
            map.put("achievedRate", Math.round(achievedRate));
            map.put("requests", requests);
            map.put("errors", errors);
            map.put("non2xx", non2xx);
            map.put("p50Micros", p50);
            map.put("p90Micros", p90);
            map.put("p99Micros", p99);
            map.put("p999Micros", p999);
            map.put("maxMicros", max);
            return map;
        }
    }

    private final URI uri;
    private final Map<String, String> headers;
    private final double rate;
    private final int connections;
    private volatile boolean recordCompletions;
    private final java.util.concurrent.ConcurrentLinkedQueue<long[]> completions = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean recordSamples;
    private volatile boolean stopped;
    private final java.util.concurrent.ConcurrentLinkedQueue<Samples> samples = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** One connection's measured requests: when each was due (nanoTime), its latency, its status (0: no answer). */
    private record Samples(long[] due, int[] latencyMicros, short[] status, int count) {
    }

    public OpenLoopLoad(URI uri, Map<String, String> headers, double rate, int connections) {
        if (rate <= 0 || connections < 1) {
            throw new IllegalArgumentException("rate and connections must be positive");
        }
        this.uri = uri;
        this.headers = headers;
        this.rate = rate;
        this.connections = connections;
    }

    /** Keeps the wall-clock millisecond at which every measured 2xx response completed. */
    public OpenLoopLoad recordingCompletions() {
        recordCompletions = true;
        return this;
    }

    /** Completion times (epoch ms) of the measured 2xx responses, in no particular order. */
    public long[] completions() {
        return completions.stream().flatMapToLong(java.util.Arrays::stream).toArray();
    }

    /**
     * Keeps every measured request, when it was due and how it went, so that {@link #window} can
     * tell the stretches of one run apart (before, during and after an outage, say).
     */
    public OpenLoopLoad recordingSamples() {
        recordSamples = true;
        return this;
    }

    /**
     * The measured requests that fell due in {@code [fromNanos, toNanos)} on the
     * {@link System#nanoTime()} axis, as a result of their own (the achieved rate over the window's
     * length); needs {@link #recordingSamples()} and a finished {@link #run}.
     */
    public Result window(long fromNanos, long toNanos) {
        if (!recordSamples) {
            throw new IllegalStateException("window() needs recordingSamples()");
        }
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long errors = 0;
        long non2xx = 0;
        for (Samples connection : samples) {
            for (int i = 0; i < connection.count(); i++) {
                long due = connection.due()[i];
                if (due < fromNanos || due >= toNanos) {
                    continue;
                }
                int status = connection.status()[i];
                if (status == 0) {
                    errors++;
                    continue;
                }
                histogram.recordValue(Math.min(connection.latencyMicros()[i], histogram.getHighestTrackableValue()));
                if (status < 200 || status > 299) {
                    non2xx++;
                }
            }
        }
        return result(histogram, (toNanos - fromNanos) / 1e9, errors, non2xx);
    }

    /**
     * Ends a {@link #run} before its duration is up: each connection finishes the request it has
     * in flight and sends no more. For runs whose end is not known when they start.
     */
    public void stop() {
        stopped = true;
    }

    /** Runs {@code warmup} unmeasured, then {@code duration} measured. */
    public Result run(Duration warmup, Duration duration) throws InterruptedException {
        byte[] request = requestBytes();
        long periodNanos = Math.round(1e9 / rate);
        long start = System.nanoTime() + 50_000_000L;
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        List<Worker> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Worker worker = new Worker(c, request, start, periodNanos, measureFrom, end);
            workers.add(worker);
            worker.thread.start();
        }
        Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long errors = 0;
        long non2xx = 0;
        for (Worker worker : workers) {
            worker.thread.join();
            all.add(worker.histogram);
            errors += worker.errors.sum();
            non2xx += worker.non2xx;
        }
        return result(all, duration.toNanos() / 1e9, errors, non2xx);
    }

    private Result result(Histogram latencies, double seconds, long errors, long non2xx) {
        long requests = latencies.getTotalCount();
        return new Result(rate, requests / seconds, requests, errors, non2xx,
                latencies.getValueAtPercentile(50), latencies.getValueAtPercentile(90), latencies.getValueAtPercentile(99),
                latencies.getValueAtPercentile(99.9), latencies.getMaxValue());
    }

    private byte[] requestBytes() {
        StringBuilder request = new StringBuilder();
        String path = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        request.append("GET ").append(path).append(" HTTP/1.1\r\n");
        request.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        request.append("User-Agent: keytrail-open-loop\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        return request.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private final class Worker {
        final Thread thread;
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        final LongAdder errors = new LongAdder();
        long non2xx;
        private final int index;
        private final byte[] request;
        private final long start;
        private final long period;
        private final long measureFrom;
        private final long end;
        private final byte[] buffer = new byte[64 * 1024];
        private long[] completed = new long[1024];
        private int completedCount;
        private long[] sampleDue = new long[0];
        private int[] sampleLatency = new int[0];
        private short[] sampleStatus = new short[0];
        private int sampleCount;
        private Socket socket;

        Worker(int index, byte[] request, long start, long period, long measureFrom, long end) {
            this.index = index;
            this.request = request;
            this.start = start;
            this.period = period;
            this.measureFrom = measureFrom;
            this.end = end;
            this.thread = new Thread(this::loop, "open-loop-" + index);
            this.thread.setDaemon(true);
        }

        private void loop() {
            for (long n = index; ; n += connections) {
                long due = start + n * period;
                if (due >= end || stopped) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                }
                boolean ok;
                int status = 0;
                try {
                    status = exchange();
                    ok = true;
                } catch (IOException e) {
                    ok = false;
                    close();
                }
                long latencyMicros = (System.nanoTime() - due) / 1_000;
                if (due >= measureFrom && recordSamples) {
                    sample(due, latencyMicros, ok ? status : 0);
                }
                if (due >= measureFrom) {
                    if (!ok) {
                        errors.increment();
                    } else {
                        histogram.recordValue(Math.min(latencyMicros, histogram.getHighestTrackableValue()));
                        if (status < 200 || status > 299) {
                            non2xx++;
                        } else if (recordCompletions) {
                            if (completedCount == completed.length) {
                                completed = java.util.Arrays.copyOf(completed, completedCount * 2);
                            }
                            completed[completedCount++] = System.currentTimeMillis();
                        }
                    }
                }
            }
            close();
            completions.add(java.util.Arrays.copyOf(completed, completedCount));
            if (recordSamples) {
                samples.add(new Samples(sampleDue, sampleLatency, sampleStatus, sampleCount));
            }
        }

        private void sample(long due, long latencyMicros, int status) {
            if (sampleCount == sampleDue.length) {
                int size = Math.max(1024, sampleCount * 2);
                sampleDue = java.util.Arrays.copyOf(sampleDue, size);
                sampleLatency = java.util.Arrays.copyOf(sampleLatency, size);
                sampleStatus = java.util.Arrays.copyOf(sampleStatus, size);
            }
            sampleDue[sampleCount] = due;
            sampleLatency[sampleCount] = (int) Math.min(latencyMicros, Integer.MAX_VALUE);
            sampleStatus[sampleCount] = (short) status;
            sampleCount++;
        }

        /** One request and its response on the kept-alive connection; returns the status. */
        private int exchange() throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
                socket.setSoTimeout(30_000);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            int filled = 0;
            int headerEnd = -1;
            while (headerEnd < 0) {
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    throw new IOException("connection closed");
                }
                filled += read;
                headerEnd = indexOfHeaderEnd(filled);
                if (headerEnd < 0 && filled == buffer.length) {
                    throw new IOException("response headers too large");
                }
            }
            String head = new String(buffer, 0, headerEnd, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(head.substring(9, 12));
            int length = contentLength(head);
            int body = filled - (headerEnd + 4);
            while (body < length) {
                int read = in.read(buffer, 0, Math.min(buffer.length, length - body));
                if (read < 0) {
                    throw new IOException("connection closed in body");
                }
                body += read;
            }
            if (head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close")) {
                close();
            }
            return status;
        }

        private int indexOfHeaderEnd(int filled) {
            for (int i = 3; i < filled; i++) {
                if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
                    return i - 3;
                }
            }
            return -1;
        }

        private int contentLength(String head) throws IOException {
            String lower = head.toLowerCase(Locale.ROOT);
            int at = lower.indexOf("\r\ncontent-length:");
            if (at < 0) {
                if (lower.contains("transfer-encoding: chunked")) {
                    throw new IOException("chunked responses are not supported by this generator");
                }
                return 0;
            }
            int from = at + "\r\ncontent-length:".length();
            int to = lower.indexOf("\r\n", from);
            return Integer.parseInt(head.substring(from, to < 0 ? head.length() : to).trim());
        }

        private void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a broken connection
                }
                socket = null;
            }
        }
    }

    /**
     * {@code OpenLoopLoad URL RATE SECONDS [CONNECTIONS] [Header: value ...]}: prints the result as
     * one JSON object (latencies in microseconds).
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: OpenLoopLoad URL RATE SECONDS [CONNECTIONS] ['Header: value' ...]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int connections = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            int colon = args[i].indexOf(':');
            headers.put(args[i].substring(0, colon).trim(), args[i].substring(colon + 1).trim());
        }
        Result result = new OpenLoopLoad(uri, headers, rate, connections).run(Duration.ofSeconds(Math.max(2, seconds / 5)),
                Duration.ofSeconds(seconds));
        System.out.println(io.keytrail.events.Json.mapper().writeValueAsString(result.asMap()));
    }
}
