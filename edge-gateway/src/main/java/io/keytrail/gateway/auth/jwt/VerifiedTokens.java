package io.keytrail.gateway.auth.jwt;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A fixed-size, lock-free memory of tokens whose signature verified, matched on the whole token:
 * a client calling again with the same token is judged on its claims alone, without the parse and
 * the signature check (about 1 ms of CPU for ES256 on JDK 17's own P-256, tens of microseconds for
 * RS256). Direct-mapped: the token's hash picks one slot, and a newer token in that slot replaces
 * the older one, so memory is fixed and nothing needs evicting. Only verified tokens enter, so
 * nobody without a valid token can displace another's entry.
 */
final class VerifiedTokens {
    private final AtomicReferenceArray<Entry> slots;
    private final int mask;

    private record Entry(int hash, String token, TokenClaims claims) {
        @Override
        public String toString() {
            return "Entry[hidden]";
        }
    }

    /** @param size at least this many slots (rounded up to a power of two); 0 remembers nothing */
    VerifiedTokens(int size) {
        int slots = size <= 1 ? size : Integer.highestOneBit(size - 1) << 1;
        this.slots = slots == 0 ? null : new AtomicReferenceArray<>(slots);
        this.mask = slots - 1;
    }

    /** What {@code token} said when it verified, or {@code null} when it is not remembered. */
    TokenClaims find(String token) {
        if (slots == null) {
            return null;
        }
        int hash = token.hashCode();
        Entry entry = slots.getAcquire(index(hash));
        return entry != null && entry.hash == hash && sameToken(entry.token, token) ? entry.claims : null;
    }

    void remember(String token, TokenClaims claims) {
        if (slots != null) {
            int hash = token.hashCode();
            slots.setRelease(index(hash), new Entry(hash, token, claims));
        }
    }

    private int index(int hash) {
        return (hash ^ (hash >>> 16)) & mask;
    }

    /** Compares every character whatever the first difference, so timing says nothing of a remembered token. */
    private static boolean sameToken(String remembered, String presented) {
        if (remembered.length() != presented.length()) {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < remembered.length(); i++) {
            difference |= remembered.charAt(i) ^ presented.charAt(i);
        }
        return difference == 0;
    }
}
