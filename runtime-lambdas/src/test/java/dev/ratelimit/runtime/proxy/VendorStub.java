package dev.ratelimit.runtime.proxy;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The WireMock vendor that {@link ProxyHandlerTest}'s handlers aim at ({@link
 * ProxyHandlerTest#wm}): started for a test class ({@code @ExtendWith(VendorStub.class)}), emptied
 * before each test (before the class's own {@code @BeforeEach}), stopped after the class.
 */
final class VendorStub implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    ProxyHandlerTest.wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    ProxyHandlerTest.wm.start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ProxyHandlerTest.wm.resetAll();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ProxyHandlerTest.wm.stop();
  }
}
