package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeatureAlarmTest {

  @Test
  void driftStartsOnlyAfterKConsecutiveDriftingEvaluations() {
    FeatureAlarm alarm = new FeatureAlarm();
    assertThat(alarm.record(true, 3, 10)).isEqualTo(FeatureAlarm.Change.NONE);
    assertThat(alarm.record(true, 3, 20)).isEqualTo(FeatureAlarm.Change.NONE);
    assertThat(alarm.record(false, 3, 30)).isEqualTo(FeatureAlarm.Change.NONE);
    assertThat(alarm.record(true, 3, 40)).isEqualTo(FeatureAlarm.Change.NONE);
    assertThat(alarm.record(true, 3, 50)).isEqualTo(FeatureAlarm.Change.NONE);
    assertThat(alarm.record(true, 3, 60)).isEqualTo(FeatureAlarm.Change.STARTED);
    assertThat(alarm.startedAtCall).isEqualTo(60);
  }

  @Test
  void driftEndsOnlyAfterKConsecutiveCleanEvaluations() {
    FeatureAlarm alarm = new FeatureAlarm();
    alarm.record(true, 2, 1);
    alarm.record(true, 2, 2);
    assertThat(alarm.record(false, 2, 3)).isEqualTo(FeatureAlarm.Change.NONE);
    assertThat(alarm.record(true, 2, 4)).isEqualTo(FeatureAlarm.Change.NONE);
    assertThat(alarm.record(false, 2, 5)).isEqualTo(FeatureAlarm.Change.NONE);
    assertThat(alarm.record(false, 2, 6)).isEqualTo(FeatureAlarm.Change.ENDED);
    assertThat(alarm.active).isFalse();
  }
}
