/**
 * The one unchecked exception hierarchy of RagStore, rooted at
 * {@link dev.ragstore.core.error.RagStoreException}. Adapters translate driver exceptions into
 * these types in one place and keep the driver exception as the cause. Everything in this
 * package is non-null unless documented otherwise.
 */
package dev.ragstore.core.error;
