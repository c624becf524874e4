package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.ApiError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParamsTest {
  @ParameterizedTest
  @ValueSource(strings = {"/x?%zz", "/x?tag=%", "/x?tag=%4", "/x?tag=%G1", "/x?%zz=1", "/x?a=%u0041", "/x?tag=a%%20"})
  void anInvalidEscapeIsAMalformedQueryString(String uri) {
    assertThat(QueryParams.of(uri).error()).isEqualTo(ApiError.validation("Malformed query string"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/x?tag=%00", "/x?tag=a+b&tag=%2B", "/x?created_at[=1", "/x?&&=&", "/x"})
  void validEscapesDecode(String uri) {
    assertThat(QueryParams.of(uri).failed()).isFalse();
  }

  @Test
  void plusIsASpaceAndEscapesDecode() {
    assertThat(QueryParams.of("/x?sort_by=+created_at&tag=%00%2B").value())
        .containsEntry("sort_by", List.of(" created_at")).containsEntry("tag", List.of("\u0000+"));
  }
}
