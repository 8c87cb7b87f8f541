package io.keytrail.cli.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {
    private static JsonNode json(Object value) throws Exception {
        return ApiJson.mapper().readTree(ApiJson.write(value));
    }

    @Test
    void aNewKeySendsOnlyWhatWasGiven() throws Exception {
        assertEquals(ApiJson.mapper().readTree("{\"developer\":\"alice\",\"description\":\"CI key\"}"),
                json(new NewKey("alice", "CI key", null, null, null, null, null)));
        JsonNode full = json(new NewKey("alice", "CI key", "k".repeat(24), "2027-01-01T00:00:00Z",
                List.of("orders", "payments"), new RateLimit(100, 60), new Quota(10000, "DAY")));
        assertEquals(ApiJson.mapper().readTree("""
                {"developer":"alice","description":"CI key","key":"kkkkkkkkkkkkkkkkkkkkkkkk",
                 "expiresAt":"2027-01-01T00:00:00Z","allowedApis":["orders","payments"],
                 "rateLimit":{"requests":100,"windowSeconds":60},"quota":{"requests":10000,"period":"DAY"}}"""), full);
    }

    @Test
    void anUpdateSendsNullToClearAndLeavesOutWhatStays() throws Exception {
        KeyUpdate update = new KeyUpdate(null, List.of(), Change.clear(), Change.to(new RateLimit(5, 1)), null);
        assertEquals(ApiJson.mapper().readTree(
                "{\"allowedApis\":[],\"expiresAt\":null,\"rateLimit\":{\"requests\":5,\"windowSeconds\":1}}"),
                json(update.body()));
        assertTrue(new KeyUpdate(null, null, null, null, null).isEmpty());
        assertFalse(new KeyUpdate("d", null, null, null, null).isEmpty());
    }

    @Test
    void secretsStayOutOfToString() {
        String key = "k".repeat(24);
        assertFalse(new NewKey("a", "d", key, null, null, null, null).toString().contains(key));
        assertFalse(new RevealedKey("key_0123456789abcdef", key).toString().contains(key));
        assertFalse(new Key("key_0123456789abcdef", key, "p", "d", null, null, null, null, null, null, null, null, null,
                null, null, null, null).toString().contains(key));
    }

    @Test
    void readingIgnoresFieldsTheCliDoesNotKnow() {
        Key key = ApiJson.read("{\"keyId\":\"key_0123456789abcdef\",\"status\":\"ACTIVE\",\"somethingNew\":{\"x\":1},"
                + "\"rateLimit\":{\"requests\":1,\"windowSeconds\":2,\"burst\":3}}", Key.class);
        assertEquals("ACTIVE", key.status());
        assertEquals(new RateLimit(1, 2), key.rateLimit());
    }
}
