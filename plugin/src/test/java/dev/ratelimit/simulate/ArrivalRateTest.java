package dev.ratelimit.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The open loop: its schedule as a pure function, its validation, and one short run. */
class ArrivalRateTest {

  @Test
  void requestsAreScheduledEvenlyAtTheRate() {
    assertThat(Callers.arrivalOffsetsNanos(4, 2.0))
        .containsExactly(0L, 500_000_000L, 1_000_000_000L, 1_500_000_000L);
    assertThat(Callers.arrivalOffsetsNanos(3, 3.0)).containsExactly(0L, 333_333_333L, 666_666_667L);
    long[] fractional = Callers.arrivalOffsetsNanos(6, 2.5);
    assertThat(fractional[5]).isEqualTo(2_000_000_000L);
    assertThat(Callers.arrivalOffsetsNanos(0, 10)).isEmpty();
    assertThatThrownBy(() -> Callers.arrivalOffsetsNanos(3, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRateIsValidatedAndShownOnlyWhenSet() {
    assertThatThrownBy(() -> new Simulation.Settings(10, 2, 5, 5, 0, 0, 0, 0, 1, null, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("<simulation><arrivalRatePerSecond> '-1.0'");
    assertThat(Simulation.Settings.defaults().arrivalRatePerSecond()).isZero();
    assertThat(Simulation.Settings.defaults().describe()).doesNotContainKey("arrivalRatePerSecond");
    assertThat(new Simulation.Settings(10, 2, 5, 5, 0, 0, 0, 0, 1, null, 7.5).describe())
        .containsEntry("arrivalRatePerSecond", "7.5");
  }

  @Test
  void anOpenLoopRunSendsEveryRequestOnce() throws Exception {
    var spec = SimulationTest.spec();
    Simulation.Settings settings =
        new Simulation.Settings(12, 4, 100, 100, 0, 0, 0, 0, 1, null, 40);
    SimulationRun run =
        new Simulation(spec, WorkflowScenariosTest.asl(spec), settings)
            .run(Simulation.Progress.NONE);
    assertThat(run.requests())
        .hasSize(12)
        .allSatisfy(r -> assertThat(r.httpStatus()).isEqualTo(200));
    assertThat(run.requests())
        .extracting(RequestRecord::index)
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(run.settings()).containsEntry("arrivalRatePerSecond", "40.0");
  }
}
