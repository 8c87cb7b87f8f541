package io.keytrail.reporting.db;

/** One developer's requests summed over a range of usage windows. */
public record DeveloperTotals(String developerId, long success, long failure) {
    public long requests() {
        return success + failure;
    }
}
