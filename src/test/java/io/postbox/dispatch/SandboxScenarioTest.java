package io.postbox.dispatch;

import static io.postbox.dispatch.SandboxScenario.Outcome.BOUNCE;
import static io.postbox.dispatch.SandboxScenario.Outcome.COMPLAINT;
import static io.postbox.dispatch.SandboxScenario.Outcome.DELIVERY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxScenarioTest {

  static Stream<Arguments> simulatorAddresses() {
    return Stream.of(
        Arguments.of("success@simulator.amazonses.com", SandboxScenario.SUCCESS),
        Arguments.of("bounce@simulator.amazonses.com", SandboxScenario.BOUNCE),
        Arguments.of("ooto@simulator.amazonses.com", SandboxScenario.OOTO),
        Arguments.of("complaint@simulator.amazonses.com", SandboxScenario.COMPLAINT),
        Arguments.of("suppressionlist@simulator.amazonses.com", SandboxScenario.SUPPRESSION_LIST),
        Arguments.of("success+a@simulator.amazonses.com", SandboxScenario.SUCCESS),
        Arguments.of("bounce+test1@simulator.amazonses.com", SandboxScenario.BOUNCE),
        Arguments.of("ooto+x.y@simulator.amazonses.com", SandboxScenario.OOTO),
        Arguments.of("complaint+@simulator.amazonses.com", SandboxScenario.COMPLAINT),
        Arguments.of("suppressionlist+a+b@simulator.amazonses.com", SandboxScenario.SUPPRESSION_LIST),
        Arguments.of("BOUNCE@simulator.amazonses.com", SandboxScenario.BOUNCE),
        Arguments.of("Complaint+Label@Simulator.AmazonSES.com", SandboxScenario.COMPLAINT),
        Arguments.of("SuppressionList@SIMULATOR.AMAZONSES.COM", SandboxScenario.SUPPRESSION_LIST),
        Arguments.of("oOtO+Z@simulator.amazonses.com", SandboxScenario.OOTO));
  }

  @ParameterizedTest
  @MethodSource("simulatorAddresses")
  void simulatorMailboxesPickTheirScenario(String address, SandboxScenario expected) {
    assertThat(SandboxScenario.forAddress(address)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "user@example.com",
      "bounce@example.com",
      "complaint@amazonses.com",
      "bounce@sub.simulator.amazonses.com",
      "bounce@simulator.amazonses.com.example.com",
      "bouncer@simulator.amazonses.com",
      "x+bounce@simulator.amazonses.com",
      "not-an-address",
      ""})
  void anyOtherAddressSucceeds(String address) {
    assertThat(SandboxScenario.forAddress(address)).isEqualTo(SandboxScenario.SUCCESS);
  }

  @ParameterizedTest
  @NullSource
  void noAddressSucceeds(String address) {
    assertThat(SandboxScenario.forAddress(address)).isEqualTo(SandboxScenario.SUCCESS);
  }

  @Test
  void outcomesFollowTheSpecTable() {
    assertThat(SandboxScenario.SUCCESS.outcomes()).containsExactly(DELIVERY);
    assertThat(SandboxScenario.BOUNCE.outcomes()).containsExactly(BOUNCE);
    assertThat(SandboxScenario.OOTO.outcomes()).containsExactly(DELIVERY);
    assertThat(SandboxScenario.COMPLAINT.outcomes()).containsExactly(DELIVERY, COMPLAINT);
    assertThat(SandboxScenario.SUPPRESSION_LIST.outcomes()).containsExactly(BOUNCE);
  }

  @Test
  void bouncesArePermanentWithTheirSubTypeAndDiagnostic() {
    assertThat(SandboxScenario.BOUNCE.bounceType()).isEqualTo("Permanent");
    assertThat(SandboxScenario.BOUNCE.bounceSubType()).isEqualTo("General");
    assertThat(SandboxScenario.BOUNCE.bounceDiagnosticCode()).isEqualTo("smtp; 550 5.1.1 user unknown");
    assertThat(SandboxScenario.SUPPRESSION_LIST.bounceType()).isEqualTo("Permanent");
    assertThat(SandboxScenario.SUPPRESSION_LIST.bounceSubType()).isEqualTo("Suppressed");
    assertThat(SandboxScenario.SUPPRESSION_LIST.bounceDiagnosticCode()).isEqualTo(
        "Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.");
  }

  @Test
  void nonBouncingScenariosHaveNoBounceFields() {
    for (SandboxScenario scenario : new SandboxScenario[] {
        SandboxScenario.SUCCESS, SandboxScenario.OOTO, SandboxScenario.COMPLAINT}) {
      assertThat(scenario.bounceType()).isNull();
      assertThat(scenario.bounceSubType()).isNull();
      assertThat(scenario.bounceDiagnosticCode()).isNull();
    }
  }
}
