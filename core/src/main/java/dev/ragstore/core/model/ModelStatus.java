package dev.ragstore.core.model;

/** Training state of a model profile. */
public enum ModelStatus {
    TRAINING,
    TRAINED,
    FAILED
}
