package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NormalisedTextTest {

  @Test
  void numbersIdsAndWhitespaceOfATemplateFillingAreTakenOut() {
    assertThat(
            NormalisedText.of(
                "  Order 12345 of 2026-12-04,\\n request 3f9a2c41b7 /"
                    + " 123e4567-e89b-12d3-a456-426614174000  "))
        .isEqualTo("Order 0 of 0,\\n request 0 / 0");
    assertThat(NormalisedText.of("Hello\n\n  world\t!")).isEqualTo("Hello world !");
  }

  @Test
  void wordsThatLookLikeHexStayWords() {
    assertThat(NormalisedText.of("deadbeef facade accessed")).isEqualTo("deadbeef facade accessed");
  }

  @Test
  void aFingerprintIsEightHexCharactersSharedByFillingsOfOneTemplate() {
    String monday = NormalisedText.fingerprint("You are Shop's assistant. Today is 2026-12-04.");
    String tuesday = NormalisedText.fingerprint("You are Shop's assistant.  Today is 2026-12-05.");
    String other = NormalisedText.fingerprint("You are a coding assistant. Today is 2026-12-04.");
    assertThat(monday).matches("[0-9a-f]{8}").isEqualTo(tuesday).isNotEqualTo(other);
  }
}
