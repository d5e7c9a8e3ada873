package dev.ragstore.core.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentHashTest {

    @Test
    void matchesTheFips180KnownAnswers() {
        assertThat(ContentHash.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ContentHash.sha256Hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(ContentHash.sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    @Test
    void isLowerCaseHexOf64Characters() {
        assertThat(ContentHash.sha256Hex(new byte[] {(byte) 0xFF, 0, 1})).matches("[0-9a-f]{64}");
    }

    @Test
    void rejectsNullContent() {
        assertThatThrownBy(() -> ContentHash.sha256Hex(null)).isInstanceOf(NullPointerException.class).hasMessage("content");
    }
}
