/**
 * The RagStore contract kit: abstract JUnit 5 classes that every adapter subclasses, each
 * supplying the component under test through one protected factory method.
 *
 * <ul>
 *   <li>Facade contracts ({@link dev.ragstore.testkit.AccountContract}, {@link dev.ragstore.testkit.PlanContract},
 *       {@link dev.ragstore.testkit.ApiKeyContract}, {@link dev.ragstore.testkit.ModelProfileContract},
 *       {@link dev.ragstore.testkit.AuditLogContract}, {@link dev.ragstore.testkit.KnowledgeBaseContract},
 *       {@link dev.ragstore.testkit.DocumentContract}, {@link dev.ragstore.testkit.ChatContract},
 *       {@link dev.ragstore.testkit.UsageContract}, {@link dev.ragstore.testkit.SearchContract},
 *       {@link dev.ragstore.testkit.SearchFilterContract}, {@link dev.ragstore.testkit.TenantIsolationContract},
 *       {@link dev.ragstore.testkit.BadInputContract}) implement {@code RagStore newStore(StoreOptions)}.</li>
 *   <li>{@link dev.ragstore.testkit.VectorIndexContract} and
 *       {@link dev.ragstore.testkit.VectorIndexSearchContract} implement {@code VectorIndex newIndex()}.</li>
 *   <li>The ephemeral contracts ({@link dev.ragstore.testkit.SessionTokensContract},
 *       {@link dev.ragstore.testkit.RateLimiterContract}, {@link dev.ragstore.testkit.LocksContract},
 *       {@link dev.ragstore.testkit.JobProgressContract}, {@link dev.ragstore.testkit.CacheContract})
 *       implement {@code EphemeralStore newEphemeralStore()}.</li>
 * </ul>
 *
 * A behaviour that is not asserted here is not a promise of RagStore. A test that cannot run
 * because the component lacks an optional capability is aborted (reported as skipped) with a
 * message naming the adapter and the capability, never passed silently. Everything is non-null
 * unless documented otherwise.
 */
package dev.ragstore.testkit;
