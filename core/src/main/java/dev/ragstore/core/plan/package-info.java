/**
 * Subscription plans and their quotas: the {@link dev.ragstore.core.plan.Plan} record, the
 * {@link dev.ragstore.core.plan.NewPlan} to create one, and the repository port adapters implement.
 * Limits and prices are never negative, a plan name is unique, and a plan that users are on cannot be
 * deleted. Everything is non-null unless documented otherwise.
 */
package dev.ragstore.core.plan;
