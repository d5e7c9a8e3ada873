/**
 * The typed filter DSL: a sealed interface of records ({@link dev.ragstore.core.filter.Filter})
 * with one documented semantics that every adapter implements. Everything is non-null unless
 * documented otherwise.
 */
package dev.ragstore.core.filter;
