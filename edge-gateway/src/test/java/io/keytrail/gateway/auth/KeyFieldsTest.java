package io.keytrail.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Finding and cutting the key out of JSON bodies and form text: the rest stays byte for byte, and stays valid. */
class KeyFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"k\":\"v\"}|{}",
            "{ \"k\" : \"v\" }|{  }",
            "{\"k\":\"v\",\"a\":1}|{\"a\":1}",
            "{\"a\":1,\"k\":\"v\"}|{\"a\":1}",
            "{\"a\":1, \"k\":\"v\" ,\"b\":2}|{\"a\":1, \"b\":2}",
            "{\"a\":[1,2],\"k\":123.5e3,\"b\":{\"k\":\"inner\"}}|{\"a\":[1,2],\"b\":{\"k\":\"inner\"}}",
            "{\"k\":true,\"a\":null}|{\"a\":null}",
            "{\"a\":null,\"k\":{\"x\":[1,{\"y\":2}]}}|{\"a\":null}",
            "{\"k\":\"1\",\"k\":\"2\"}|{}",
            "{\"k\":\"1\",\"a\":\"\\u00e9\\\"\",\"k\":\"2\"}|{\"a\":\"\\u00e9\\\"\"}",
            "{\"k\":-7,\"a\":\"ü\"}|{\"a\":\"ü\"}",
    })
    void theMemberAndOneCommaAreCut(String body, String expected) throws Exception {
        JsonBodyField.Scan scan = JsonBodyField.scan(body.getBytes(StandardCharsets.UTF_8), "k", true);
        String cut = new String(scan.body(), StandardCharsets.UTF_8);
        assertEquals(expected, cut);
        assertEquals(JSON.readTree(expected), JSON.readTree(cut));
    }

    @Test
    void findsTheFirstStringAndCountsEveryOccurrence() throws Exception {
        JsonBodyField.Scan scan = JsonBodyField.scan(bytes("{\"k\":\"one\",\"x\":{\"k\":\"no\"},\"k\":\"two\"}"), "k", false);
        assertEquals(new FoundKeys(2, "one"), scan.found());
        assertEquals(new FoundKeys(1, null), JsonBodyField.scan(bytes("{\"k\":42}"), "k", false).found());
        assertEquals(FoundKeys.NONE, JsonBodyField.scan(bytes("[{\"k\":\"v\"}]"), "k", true).found());
        assertEquals(FoundKeys.NONE, JsonBodyField.scan(bytes("\"k\""), "k", true).found());
    }

    @Test
    void aBodyWithoutTheFieldIsForwardedAsTheSameBytes() throws Exception {
        byte[] body = bytes("{\"a\": 1.0}");
        assertSame(body, JsonBodyField.scan(body, "k", true).body());
    }

    @Test
    void anythingButOneJsonValueIsMalformed() {
        for (String body : new String[] {"", " ", "{", "{\"k\":}", "{\"k\":\"v\"} x", "{\"k\":'v'}", "nul", "{\"k\":\"v\",}"}) {
            assertThrows(JsonBodyField.MalformedJsonException.class, () -> JsonBodyField.scan(bytes(body), "k", true), body);
        }
        assertThrows(JsonBodyField.MalformedJsonException.class,
                () -> JsonBodyField.scan(new byte[] {'{', '"', 'k', '"', ':', '"', (byte) 0xff, '"', '}'}, "k", true));
    }

    @Test
    void formFieldsAreFoundAndRemovedWithoutTouchingTheRest() {
        assertEquals(new FoundKeys(1, "v w"), FormFields.find("a=1&k=v+w&b", "k"));
        assertEquals(new FoundKeys(2, "x"), FormFields.find("k=x&%6B=y", "k"));
        assertEquals(new FoundKeys(1, ""), FormFields.find("k&a=1", "k"));
        assertEquals(new FoundKeys(1, "é"), FormFields.find("k=%C3%A9", "k"));
        assertEquals(new FoundKeys(1, null), FormFields.find("k=%C3%28", "k"));
        assertEquals(new FoundKeys(1, null), FormFields.find("k=%4", "k"));
        assertEquals(FoundKeys.NONE, FormFields.find("kk=1&ak=2&=3&&", "k"));
        assertEquals("a=1&b=%20", FormFields.without("a=1&k=v&b=%20", "k"));
        assertEquals("a=1", FormFields.without("k=v&a=1&%6b=w&", "k"));
        assertEquals("", FormFields.without("k=v", "k"));
        assertNull(FormFields.decode("%zz", 0, 3));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
