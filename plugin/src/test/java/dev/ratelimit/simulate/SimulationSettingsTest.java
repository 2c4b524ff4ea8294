package dev.ratelimit.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratelimit.model.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

/** The {@code <simulation>} element: its defaults and its rules, as one configuration problem. */
class SimulationSettingsTest {

  @Test
  void anEmptyElementTakesTheDefaults() {
    assertThat(new SimulationSettings().toSettings()).isEqualTo(Simulation.Settings.defaults());
    assertThat(new SimulationSettings().sharedAddressesOrDefault())
        .isEqualTo(Simulation.DEFAULT_SHARED_ADDRESSES);
    SimulationSettings set = new SimulationSettings();
    set.setRequests(12);
    set.setTargetUrl(" http://127.0.0.1:8080 ");
    assertThat(set.toSettings().requests()).isEqualTo(12);
    assertThat(set.toSettings().targetUrl()).isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void aBrokenRuleNamesTheNestedParameterValueRuleAndExample() {
    SimulationSettings zero = new SimulationSettings();
    zero.setRequests(0);
    assertThatThrownBy(zero::toSettings)
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.parameter()).isEqualTo("simulation.requests"))
        .hasMessage(
            "Invalid <simulation><requests> '0': must be from 1 to 100000. Example:"
                + " <simulation><requests>8</requests></simulation>");
    SimulationSettings share = new SimulationSettings();
    share.setResetRate(1.5);
    assertThatThrownBy(share::toSettings)
        .hasMessage(
            "Invalid <simulation><resetRate> '1.5': must be a share from 0 to 1. Example:"
                + " <simulation><resetRate>0.05</resetRate></simulation>");
    SimulationSettings spoiled = new SimulationSettings();
    spoiled.setErrorRate(0.6);
    spoiled.setResetRate(0.5);
    assertThatThrownBy(spoiled::toSettings)
        .hasMessage(
            "Invalid <simulation> 'errorRate + resetRate + oversizedRate = 1.1': the shares of"
                + " spoiled answers must not exceed 1 together. Example:"
                + " <simulation><errorRate>0.05</errorRate><resetRate>0.01</resetRate></simulation>");
    SimulationSettings url = new SimulationSettings();
    url.setTargetUrl("http://u:secret@127.0.0.1:8080");
    assertThatThrownBy(url::toSettings)
        .hasMessageStartingWith("Invalid <simulation><targetUrl> 'http://u:****@127.0.0.1:8080':")
        .hasMessageEndingWith(
            "Example: <simulation><targetUrl>http://127.0.0.1:8080</targetUrl></simulation>");
  }

  @Test
  void sharedAddressesAreCheckedByTheSimulation() {
    Simulation sim = new Simulation(SimulationTest.spec(), "{}", Simulation.Settings.defaults());
    assertThatThrownBy(() -> sim.sharedAddresses(51))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(
            "Invalid <simulation><sharedAddresses> '51': must be from 1 to 50 (distinct addresses"
                + " AWS hands the proxies under egress SHARED). Example:"
                + " <simulation><sharedAddresses>1</sharedAddresses></simulation>");
  }
}
