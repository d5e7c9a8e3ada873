/**
 * API keys: issuing, listing and revoking a user's keys through
 * {@link dev.ragstore.core.apikey.ApiKeys}, and the repository port adapters implement. The secret is
 * shown once, in {@link dev.ragstore.core.apikey.IssuedApiKey}, and only its hash is stored.
 * Everything is non-null unless documented otherwise.
 */
package dev.ragstore.core.apikey;
