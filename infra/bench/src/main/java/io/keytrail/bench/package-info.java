/**
 * keytrail's benchmarks. They measure; they never assert. Drivers write their figures to
 * {@code docs/bench-results/} and render {@code docs/benchmarks.md} from them, so no figure is typed.
 */
package io.keytrail.bench;
