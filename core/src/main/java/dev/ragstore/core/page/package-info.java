/** Keyset pagination shared by every list call. Everything is non-null unless documented otherwise. */
package dev.ragstore.core.page;
