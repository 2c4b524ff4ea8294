package dev.ratelimit.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratelimit.model.BackoffPolicy;
import dev.ratelimit.model.BackoffSettings;
import dev.ratelimit.simulate.Simulation;
import dev.ratelimit.simulate.SimulationSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** -Dratelimit.<element>.<field> for the fields of nested elements. */
class NestedPropertiesTest {

  private static NestedProperties of(Map<String, String> properties) {
    return new NestedProperties(properties::get);
  }

  @Test
  void aPropertyFillsAnUnsetFieldAndThePomWins() {
    BackoffSettings backoff = new BackoffSettings();
    backoff.setMaxDelaySeconds(20);
    of(Map.of(
            "ratelimit.backoff.initialDelaySeconds", " 0 ",
            "ratelimit.backoff.multiplier", "1.5",
            "ratelimit.backoff.maxDelaySeconds", "40",
            "ratelimit.backoff.jitter", "NONE"))
        .fill("backoff", backoff, BackoffPolicy.DEFAULTS);
    assertThat(backoff.getInitialDelaySeconds()).isZero();
    assertThat(backoff.getMultiplier()).isEqualTo(1.5);
    assertThat(backoff.getMaxDelaySeconds()).isEqualTo(20);
    assertThat(backoff.getJitter()).isEqualTo("NONE");
    SimulationSettings simulation = new SimulationSettings();
    of(Map.of("ratelimit.simulation.seed", "7", "ratelimit.simulation.errorRate", "0.5"))
        .fill("simulation", simulation, Simulation.Settings.defaults());
    assertThat(simulation.toSettings().seed()).isEqualTo(7L);
    assertThat(simulation.toSettings().errorRate()).isEqualTo(0.5);
  }

  @Test
  void aPropertyThatIsNoNumberIsNamedAsThePomNestsIt() {
    assertThatThrownBy(
            () ->
                of(Map.of("ratelimit.backoff.multiplier", "fast"))
                    .fill("backoff", new BackoffSettings(), BackoffPolicy.DEFAULTS))
        .hasMessage(
            "Invalid <backoff><multiplier> 'fast': must be a number. Example:"
                + " <backoff><multiplier>2.0</multiplier></backoff>");
    assertThatThrownBy(
            () ->
                of(Map.of("ratelimit.simulation.requests", "many"))
                    .fill("simulation", new SimulationSettings(), Simulation.Settings.defaults()))
        .hasMessage(
            "Invalid <simulation><requests> 'many': must be a whole number. Example:"
                + " <simulation><requests>200</requests></simulation>");
  }
}
