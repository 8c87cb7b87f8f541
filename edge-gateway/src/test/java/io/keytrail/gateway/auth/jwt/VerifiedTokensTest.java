package io.keytrail.gateway.auth.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class VerifiedTokensTest {
    static final TokenClaims ALICE = TokenClaims.of("alice", null, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);
    static final TokenClaims BOB = TokenClaims.of("bob", null, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);

    @Test
    void aTokenIsFoundOnlyByItselfAndANewerOneInItsSlotReplacesIt() {
        VerifiedTokens tokens = new VerifiedTokens(1);
        tokens.remember("token-a", ALICE);
        assertSame(ALICE, tokens.find("token-a"));
        assertNull(tokens.find("token-b"), "same slot, other token");
        assertNull(tokens.find("token-a "));
        tokens.remember("token-b", BOB);
        assertSame(BOB, tokens.find("token-b"));
        assertNull(tokens.find("token-a"), "replaced");
    }

    @Test
    void anEqualHashIsNotAnEqualToken() {
        assertEquals("xAa".hashCode(), "xBB".hashCode());
        VerifiedTokens tokens = new VerifiedTokens(1024);
        tokens.remember("xAa", ALICE);
        assertNull(tokens.find("xBB"));
        assertSame(ALICE, tokens.find("xAa"));
    }

    @Test
    void sizeZeroRemembersNothing() {
        VerifiedTokens tokens = new VerifiedTokens(0);
        tokens.remember("token-a", ALICE);
        assertNull(tokens.find("token-a"));
    }

    @Test
    void rememberedClaimsAreJudgedAtEachInstant() {
        TokenClaims claims = TokenClaims.of("alice", null, 2_000, 1_000, 500);
        assertEquals(JwtProblem.NOT_YET_VALID, claims.judge(999).problem());
        assertSame(claims.success(), claims.judge(1_000), "valid: the one prepared result, no allocation");
        assertEquals(JwtProblem.EXPIRED, claims.judge(2_000).problem());
        assertEquals("alice", claims.judge(2_000).developerId());
        assertEquals(JwtProblem.WRONG_AUDIENCE,
                TokenClaims.of("alice", JwtProblem.WRONG_AUDIENCE, 2_000, 0, 0).judge(1_000).problem());
        assertEquals(JwtProblem.EXPIRED, TokenClaims.of("alice", JwtProblem.WRONG_AUDIENCE, 2_000, 0, 0)
                .judge(2_000).problem(), "time first, as without the cache");
        assertSame(JwtResult.DEVELOPER_CLAIM, TokenClaims.of(null, null, 2_000, 0, 0).judge(1_000));
    }
}
