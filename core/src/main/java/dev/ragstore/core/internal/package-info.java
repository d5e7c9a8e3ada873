/**
 * Helpers shared by core and the adapter modules. No compatibility promise: host applications
 * must not import this package.
 */
package dev.ragstore.core.internal;
