package io.keytrail.gateway.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An audit record as the spool keeps it: which auth topic, the record key and the serialized
 * event, so replay sends exactly what would have been sent, without parsing the event again.
 * Layout: {@code [success: 1 byte][key length: 2 bytes][key][value]}.
 */
record SpooledRecord(boolean success, String key, byte[] value) {
    byte[] encode() {
        byte[] keyBytes = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(3 + keyBytes.length + value.length)
                .put((byte) (success ? 1 : 0))
                .putShort((short) keyBytes.length)
                .put(keyBytes)
                .put(value)
                .array();
    }

    static SpooledRecord decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        boolean success = buffer.get() == 1;
        int keyLength = Short.toUnsignedInt(buffer.getShort());
        String key = keyLength == 0 ? null : new String(bytes, 3, keyLength, StandardCharsets.UTF_8);
        byte[] value = new byte[bytes.length - 3 - keyLength];
        System.arraycopy(bytes, 3 + keyLength, value, 0, value.length);
        return new SpooledRecord(success, key, value);
    }
}
