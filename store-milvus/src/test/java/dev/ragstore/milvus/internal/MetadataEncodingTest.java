package dev.ragstore.milvus.internal;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataEncodingTest {

    @Test
    void valuesStayNaturalAndKindsAreRecorded() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("lang", "en");
        metadata.put("year", 2022L);
        metadata.put("score", 2022.0);
        metadata.put("draft", true);
        metadata.put("ref", UUID.fromString("0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B"));
        metadata.put("tags", List.of("y", "é", "x"));
        metadata.put("none", List.of());

        JsonObject json = MetadataEncoding.encode(metadata);

        assertThat(json.toString()).isEqualTo("{\"lang\":\"en\",\"year\":2022,\"score\":2022.0,\"draft\":true,"
                + "\"ref\":\"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"tags\":[\"y\",\"é\",\"x\"],\"none\":[],"
                + "\"@kind\":{\"lang\":\"s\",\"year\":\"i\",\"score\":\"d\",\"draft\":\"b\",\"ref\":\"s\",\"tags\":\"l\",\"none\":\"l\"},"
                + "\"@min\":{\"tags\":\"x\"},\"@max\":{\"tags\":\"é\"},"
                + "\"@like\":{\"tags\":\"\uE003y\uE003é\uE003x\uE003\",\"none\":\"\uE003\"}}");
    }

    @Test
    void textWithLikeWildcardsGetsALikeFormWithoutThem() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("plain", "no wildcards here");
        metadata.put("path", "50%_off\\now");

        JsonObject json = MetadataEncoding.encode(metadata);

        JsonObject like = json.getAsJsonObject(MetadataEncoding.LIKE);
        assertThat(like.has("plain")).isFalse();
        assertThat(like.get("path").getAsString()).isEqualTo("50\uE000\uE001off\uE002now");
        assertThat(json.get("path").getAsString()).isEqualTo("50%_off\\now");
        assertThat(MetadataEncoding.likeText("no wildcards")).isEqualTo("no wildcards");
    }

    @Test
    void longsAboveTwoToTheFiftyThreeAreWrittenExactly() {
        JsonObject json = MetadataEncoding.encode(Map.of("big", 9_007_199_254_740_993L));

        assertThat(json.toString()).contains("\"big\":9007199254740993");
    }

    @Test
    void listBoundsFollowCodePointOrderSoSupplementaryCharactersComeAfterTheBasicPlane() {
        // UTF-16 order would put U+1F600 (surrogates D83D DE00) before U+FFFD
        JsonObject json = MetadataEncoding.encode(Map.of("tags", List.of("\uD83D\uDE00", "\uFFFD", "EN", "en")));

        assertThat(json.getAsJsonObject(MetadataEncoding.MIN).get("tags").getAsString()).isEqualTo("EN");
        assertThat(json.getAsJsonObject(MetadataEncoding.MAX).get("tags").getAsString()).isEqualTo("\uD83D\uDE00");
    }
}
