package io.keytrail.reporting.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The raw text of every setting and where it came from: an optional properties file, then
 * environment variables on top. Parsing a value into its type happens here so that a bad value
 * is reported with its key and origin in one consistent way.
 */
final class SettingsSource {
    private record Raw(String value, String origin) {
    }

    private final Map<String, Raw> values = new HashMap<>();

    private SettingsSource() {
    }

    /**
     * @param envNames settings key to the environment variable that overrides it; also the list
     *                 of keys a file may hold, so that a misspelt key stops start-up instead of
     *                 being silently ignored
     */
    static SettingsSource read(Path file, Map<String, String> env, Map<String, String> envNames) {
        SettingsSource source = new SettingsSource();
        if (file != null) {
            Properties props = load(file);
            TreeSet<String> unknown = new TreeSet<>(props.stringPropertyNames());
            unknown.removeAll(envNames.keySet());
            if (!unknown.isEmpty()) {
                throw ConfigException.general(unknown.first(), "unknown setting " + unknown.first() + " in " + file
                        + "; known settings: " + new TreeSet<>(envNames.keySet()));
            }
            for (String key : props.stringPropertyNames()) {
                String value = props.getProperty(key);
                if (!value.isBlank()) {
                    source.values.put(key, new Raw(value.trim(), "file " + file));
                }
            }
        }
        for (Map.Entry<String, String> entry : envNames.entrySet()) {
            String value = env.get(entry.getValue());
            // Blank values count as unset: deployment tools often define a variable as empty.
            if (value != null && !value.isBlank()) {
                source.values.put(entry.getKey(), new Raw(value.trim(), "environment variable " + entry.getValue()));
            }
        }
        return source;
    }

    private static Properties load(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
            return props;
        } catch (NoSuchFileException e) {
            throw ConfigException.general("--config", "configuration file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw ConfigException.general("--config", "cannot read configuration file " + file + ": " + e.getMessage());
        }
    }

    String string(String key, String fallback) {
        Raw raw = values.get(key);
        return raw == null ? fallback : raw.value();
    }

    int integer(String key, int fallback) {
        Raw raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.value());
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(key, "must be a whole number, got '" + raw.value() + "'").from(raw.origin());
        }
    }

    /** Adds the origin of {@code key}'s value to a validation failure, when the value was set explicitly. */
    ConfigException withOrigin(ConfigException e) {
        Raw raw = values.get(e.setting());
        return raw == null ? e : e.from(raw.origin());
    }
}
