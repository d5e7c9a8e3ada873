package dev.ragstore.readme;

/** The free variables of docs/security.md's block (compiled, not run: it needs a server). */
public class SecurityDocGivens extends Givens {
    protected String runtimeSecret;
    protected String ownerSecret;
}
