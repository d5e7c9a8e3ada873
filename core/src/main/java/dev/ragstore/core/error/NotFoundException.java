package dev.ragstore.core.error;

/**
 * The named entity does not exist for the caller. Another user's id reads the same as an id
 * that never existed, so the exception never reveals that someone else owns it.
 */
public final class NotFoundException extends RagStoreException {

    private static final long serialVersionUID = 1L;

    private final String entity;
    private final String id;

    public NotFoundException(String entity, Object id) {
        super(entity + " '" + id + "' not found");
        this.entity = entity;
        this.id = String.valueOf(id);
    }

    /** The kind of entity looked up, e.g. {@code "document"}. */
    public String entity() {
        return entity;
    }

    /** The id as the caller gave it. */
    public String id() {
        return id;
    }
}
