package dev.ragstore.readme;

/** The free variables of a README block that has none; each other givens class extends it. */
public class Givens {
}
