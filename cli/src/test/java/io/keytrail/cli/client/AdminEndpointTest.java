package io.keytrail.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keytrail.cli.args.UsageException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminEndpointTest {
    @Test
    void urlOptionBeatsEnvironmentWhichBeatsThePortWhichBeatsTheDefault() {
        Map<String, String> env = Map.of("KEYTRAIL_ADMIN_URL", "https://admin.example.com/keytrail/",
                "KEYTRAIL_REPORTING_PORT", "9999");
        assertEquals("http://10.0.0.1:1234", AdminEndpoint.resolve("http://10.0.0.1:1234", env).base().toString());
        assertEquals("--url", AdminEndpoint.resolve("http://10.0.0.1:1234", env).source());
        assertEquals("https://admin.example.com/keytrail", AdminEndpoint.resolve(null, env).base().toString());
        assertEquals("http://127.0.0.1:9999",
                AdminEndpoint.resolve(null, Map.of("KEYTRAIL_REPORTING_PORT", "9999")).base().toString());
        assertEquals("http://127.0.0.1:8090", AdminEndpoint.resolve(null, Map.of()).base().toString());
        assertEquals("http://127.0.0.1:8090",
                AdminEndpoint.resolve(null, Map.of("KEYTRAIL_ADMIN_URL", " ", "KEYTRAIL_REPORTING_PORT", "")).base().toString());
    }

    @Test
    void badUrlsAndPortsAreUsageErrorsNamingTheirSource() {
        assertTrue(assertThrows(UsageException.class, () -> AdminEndpoint.resolve("localhost:8090", Map.of()))
                .getMessage().startsWith("--url: 'localhost:8090' must be an absolute http:// or https:// URL"));
        assertTrue(assertThrows(UsageException.class,
                () -> AdminEndpoint.resolve(null, Map.of("KEYTRAIL_ADMIN_URL", "ftp://x"))).getMessage()
                .startsWith("KEYTRAIL_ADMIN_URL: "));
        assertTrue(assertThrows(UsageException.class,
                () -> AdminEndpoint.resolve("http://admin:pw@host", Map.of())).getMessage().contains("user info"));
        assertTrue(assertThrows(UsageException.class,
                () -> AdminEndpoint.resolve("http://host?x=1", Map.of())).getMessage().contains("query"));
        assertEquals("KEYTRAIL_REPORTING_PORT: '80a' is not a port (1 to 65535)", assertThrows(UsageException.class,
                () -> AdminEndpoint.resolve(null, Map.of("KEYTRAIL_REPORTING_PORT", "80a"))).getMessage());
        assertThrows(UsageException.class, () -> AdminEndpoint.resolve(null, Map.of("KEYTRAIL_REPORTING_PORT", "70000")));
        assertThrows(UsageException.class, () -> AdminEndpoint.resolve("http://bad host", Map.of()));
    }

    @Test
    void buildsRequestUrisUnderTheBaseWithAnEncodedQuery() {
        AdminEndpoint endpoint = AdminEndpoint.resolve("https://h.example/base", Map.of());
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", "ACTIVE");
        query.put("developer", null);
        query.put("cursor", "a b+c/=");
        assertEquals("https://h.example/base/admin/projects/shop/keys?status=ACTIVE&cursor=a%20b%2Bc%2F%3D",
                endpoint.uri("/admin/projects/shop/keys", query).toString());
        assertEquals("https://h.example/base/admin/keys/k", endpoint.uri("/admin/keys/k", Map.of()).toString());
    }

    @Test
    void knowsWhenTheTokenWouldTravelInClearOverANetwork() {
        assertFalse(AdminEndpoint.resolve("http://127.0.0.1:8090", Map.of()).plainTextOverNetwork());
        assertFalse(AdminEndpoint.resolve("http://localhost:8090", Map.of()).plainTextOverNetwork());
        assertFalse(AdminEndpoint.resolve("http://[::1]:8090", Map.of()).plainTextOverNetwork());
        assertFalse(AdminEndpoint.resolve("https://admin.example.com", Map.of()).plainTextOverNetwork());
        assertTrue(AdminEndpoint.resolve("http://admin.example.com", Map.of()).plainTextOverNetwork());
        assertTrue(AdminEndpoint.resolve("http://10.1.2.3:8090", Map.of()).plainTextOverNetwork());
    }
}
