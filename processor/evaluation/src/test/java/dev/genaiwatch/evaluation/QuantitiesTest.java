package dev.genaiwatch.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Numbers with units read to one scale, so that the same amount written differently matches. */
class QuantitiesTest {

  private static Quantities.Quantity only(String text) {
    List<Quantities.Quantity> q = Quantities.of(text);
    assertThat(q).as(text).hasSize(1);
    return q.get(0);
  }

  private static void same(String a, String b) {
    assertThat(only(a).matches(only(b))).as(a + " = " + b).isTrue();
    assertThat(only(a).kind()).as(a + " kind").isEqualTo(only(b).kind());
  }

  @Test
  void monthsWrittenInDigitsWordsAndChineseAreTheSameDuration() {
    same("a 3-month trial", "three months");
    same("three months", "3个月");
    same("三个月", "90 days");
  }

  @Test
  void daysAndWeeksInBothLanguagesAreTheSameDuration() {
    same("14 days", "14天");
    same("两周", "fourteen days");
    same("一周", "7 days");
    same("半年", "6个月");
    same("两个半小时", "2.5 hours");
  }

  @Test
  void chineseNumeralsReadAsNumbers() {
    assertThat(Quantities.chineseValue("十四")).isEqualTo(14);
    assertThat(Quantities.chineseValue("六百")).isEqualTo(600);
    assertThat(Quantities.chineseValue("二十五")).isEqualTo(25);
    assertThat(Quantities.chineseValue("一万二千")).isEqualTo(12_000);
    assertThat(Quantities.chineseValue("二〇二五")).isEqualTo(2025);
  }

  @Test
  void englishCompoundNumbersReadAsNumbers() {
    same("Six hundred twenty-five watt-hours", "625 Wh");
  }

  @Test
  void discountsAndSharesArePercentages() {
    same("6折", "六成");
    same("80%", "八成");
    same("40 percent", "40%");
  }

  @Test
  void kilosInAnySpellingAreTheSameWeight() {
    same("八千克", "8 kg");
    same("8公斤", "eight kilograms");
  }

  @Test
  void clockTimesMatchAcrossTwelveAndTwentyFourHourWriting() {
    same("下午4点", "十六点");
    same("4 pm", "16点");
  }

  @Test
  void datesMatchInEitherOrder() {
    same("12 March", "March 12");
    same("3月12日", "March 12");
  }

  @Test
  void moneyBeforeOrAfterTheNumber() {
    same("$25", "25 dollars");
    same("六十块", "60元");
  }

  @Test
  void rateDenominatorsAndOrdinalsAreNotAmounts() {
    assertThat(Quantities.of("$15 a month")).hasSize(1);
    assertThat(Quantities.of("第二天发货")).isEmpty();
    assertThat(Quantities.of("twice a day")).isEmpty();
  }

  @Test
  void differentAmountsOfTheSameKindDoNotMatch() {
    Quantities.Quantity answer = only("90 days");
    Quantities.Quantity document = only("14天");
    assertThat(answer.kind()).isEqualTo(document.kind());
    assertThat(answer.matches(document)).isFalse();
    assertThat(answer.isMeasure()).isTrue();
  }
}
