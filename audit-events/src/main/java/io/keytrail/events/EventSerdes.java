package io.keytrail.events;

/** The serde of every record type on keytrail's topics. Keys are plain UTF-8 strings. */
public final class EventSerdes {
    private EventSerdes() {
    }

    /**
     * Events that need no escaping skip Jackson both ways ({@link AuthEventBytes}, {@link AuthEventReader}):
     * there is one per request the gateway serves.
     */
    public static JsonSerde<AuthEvent> authEvent() {
        return new JsonSerde<>(AuthEvent.class, AuthEventBytes::write, AuthEventReader::read);
    }

    public static JsonSerde<KeyRecord> keyRecord() {
        return new JsonSerde<>(KeyRecord.class);
    }

    public static JsonSerde<KeyLifecycleEvent> keyLifecycleEvent() {
        return new JsonSerde<>(KeyLifecycleEvent.class);
    }

    /** Windows that need no escaping skip Jackson ({@link UsageWindowBytes}): audit-streams writes one per change per commit. */
    public static JsonSerde<UsageWindow> usageWindow() {
        return new JsonSerde<>(UsageWindow.class, UsageWindowBytes::write, bytes -> null);
    }

    public static JsonSerde<Alert> alert() {
        return new JsonSerde<>(Alert.class);
    }

    public static JsonSerde<LastSeen> lastSeen() {
        return new JsonSerde<>(LastSeen.class);
    }

    public static JsonSerde<DeadLetter> deadLetter() {
        return new JsonSerde<>(DeadLetter.class);
    }
}
