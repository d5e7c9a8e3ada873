package dev.ragstore.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UriMaskingTest {

    @Test
    void userInformationAndSecretParametersAreMasked() {
        assertThat(UriMasking.mask("http://root:Milvus-pw@milvus:19530")).isEqualTo("http://***@milvus:19530");
        assertThat(UriMasking.mask("redis://:hunter2@cache:6379/0")).isEqualTo("redis://***@cache:6379/0");
        assertThat(UriMasking.mask("https://in01.example:443/db?token=abc&x=1#f")).isEqualTo("https://in01.example:443/db?token=***&x=1#f");
        assertThat(UriMasking.mask("jdbc:postgresql://db:5432/app?user=app&password=s3cret&sslpassword=k3y"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=***&sslpassword=***");
        assertThat(UriMasking.mask("ftp//user:pw@broken?api_key=zz")).isEqualTo("ftp//user:pw@broken?api_key=***");
        assertThat(UriMasking.mask("http://milvus:19530")).isEqualTo("http://milvus:19530");
        assertThat(UriMasking.mask(null)).isNull();
    }
}
