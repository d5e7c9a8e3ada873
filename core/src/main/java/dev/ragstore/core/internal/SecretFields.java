package dev.ragstore.core.internal;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.ragstore.core.model.ModelProfile;
import dev.ragstore.core.plan.PlanId;
import dev.ragstore.core.user.Role;
import dev.ragstore.core.user.User;
import dev.ragstore.core.user.UserId;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * The secret fields of the records and how a fingerprinting {@link RecordJson} writes them: a
 * user's {@code passwordHash} as {@code passwordHashSha256}, a model profile's
 * {@code sealedApiKey} (as base64) as {@code sealedApiKeySha256}, each the fingerprint that the
 * codec's {@link RecordJson.Fingerprints} gives, and read back through it. A record with a new
 * secret field must be added here.
 */
final class SecretFields {

    /** The attribute of Jackson's readers and writers that holds the {@link RecordJson.Fingerprints}. */
    static final String FINGERPRINTS = RecordJson.Fingerprints.class.getName();

    private SecretFields() {
    }

    /** The injectable value a missing {@code twoFactorEnabled} reads as. */
    static final String ABSENT_FALSE = "ragstore.absent.false";

    /** {@code mapper}, now writing every secret field as a fingerprint. */
    static ObjectMapper asFingerprints(ObjectMapper mapper) {
        return mapper.addMixIn(User.class, UserSecrets.class).addMixIn(ModelProfile.class, ModelProfileSecrets.class);
    }

    /**
     * A user's form in every codec: {@code twoFactorEnabled} (added after the snapshot format's
     * version 1) is written only when {@code true} and reads as {@code false} when absent, so
     * version-1 files and cache entries from before it read, and write back, unchanged.
     */
    @SuppressWarnings("unused")
    abstract static class UserFormat {
        UserFormat(UserId id, String username, String email, String passwordHash, String displayName, Role role,
                boolean active, boolean emailVerified,
                @JacksonInject(value = ABSENT_FALSE, useInput = OptBoolean.TRUE) boolean twoFactorEnabled,
                PlanId planId, long lifetimeTokens, Map<String, Object> preferences, Instant lastLoginAt,
                Instant createdAt, Instant updatedAt) {
        }

        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        abstract boolean twoFactorEnabled();
    }

    /** Mix-in constructors are not inherited: the injection is repeated here. */
    private abstract static class UserSecrets extends UserFormat {
        UserSecrets(UserId id, String username, String email, String passwordHash, String displayName, Role role,
                boolean active, boolean emailVerified,
                @JacksonInject(value = ABSENT_FALSE, useInput = OptBoolean.TRUE) boolean twoFactorEnabled,
                PlanId planId, long lifetimeTokens,
                Map<String, Object> preferences, Instant lastLoginAt, Instant createdAt, Instant updatedAt) {
            super(id, username, email, passwordHash, displayName, role, active, emailVerified, twoFactorEnabled, planId,
                    lifetimeTokens, preferences, lastLoginAt, createdAt, updatedAt);
        }

        @JsonProperty("passwordHashSha256")
        @JsonSerialize(using = FingerprintWriter.class)
        @JsonDeserialize(using = TextReader.class)
        abstract String passwordHash();
    }

    private abstract static class ModelProfileSecrets {
        @JsonProperty("sealedApiKeySha256")
        @JsonSerialize(using = FingerprintWriter.class)
        @JsonDeserialize(using = BytesReader.class)
        abstract byte[] sealedApiKey();
    }

    /** Carries what {@link RecordJson.Fingerprints#secret} threw through Jackson, which wraps it. */
    static final class LookupFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LookupFailed(RuntimeException cause) {
            super(null, cause, false, false);
        }
    }

    /** Writes a text secret, or a byte secret as base64, as its fingerprint. */
    static final class FingerprintWriter extends StdSerializer<Object> {
        FingerprintWriter() {
            super(Object.class);
        }

        @Override
        public void serialize(Object secret, JsonGenerator json, SerializerProvider provider) throws IOException {
            String text = secret instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes) : (String) secret;
            json.writeString(((RecordJson.Fingerprints) provider.getAttribute(FINGERPRINTS)).fingerprint(text));
        }
    }

    static final class TextReader extends StdScalarDeserializer<String> {
        TextReader() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
            return secret(p, context);
        }
    }

    static final class BytesReader extends StdScalarDeserializer<byte[]> {
        BytesReader() {
            super(byte[].class);
        }

        @Override
        public byte[] deserialize(JsonParser p, DeserializationContext context) throws IOException {
            return Base64.getDecoder().decode(secret(p, context));
        }
    }

    private static String secret(JsonParser p, DeserializationContext context) throws IOException {
        String fingerprint = context.readValue(p, String.class);
        try {
            return ((RecordJson.Fingerprints) context.getAttribute(FINGERPRINTS)).secret(fingerprint);
        } catch (RuntimeException e) {
            throw new LookupFailed(e);
        }
    }
}
