package dev.ratelimit.runtime.proxy;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The one table of hostile and legitimate request targets (raw path, raw query), run against the
 * orchestrator ({@code HostilePathsOrchestratorTest}) and the proxy ({@code
 * HostilePathsProxyTest}): both must refuse every hostile entry before anything goes on the
 * network, and let every legitimate one pass.
 */
public final class PathTable {
  private PathTable() {}

  /** At least 40 targets that must get 400 / InvalidRequest: {path, query}. */
  public static Stream<Arguments> hostile() {
    return Stream.of(
        // another host
        a("//evil.example/steal", ""),
        a("//evil.example", ""),
        a("/a//evil.example", ""),
        a("http://evil.example/x", ""),
        a("/http://evil.example/x", ""),
        a("/https:%2F%2Fevil.example", ""),
        a("/redirect/https%3A%2F%2Fevil.example", ""),
        a("evil.example/x", ""),
        a("", ""),
        // encoded separators
        a("/a%2F..%2Fb", ""),
        a("/a%2fb", ""),
        a("/a%5Cb", ""),
        a("/a\\b", ""),
        a("/a%252Fb", ""),
        a("/a/%2e%2e%5cadmin", ""),
        a("/a/%ef%bc%8fadmin", ""), // fullwidth solidus, NFKC → /
        // dot segments, plain, encoded, double-encoded, with parameters
        a("/a/../admin", ""),
        a("/a/..", ""),
        a("/./a", ""),
        a("/a/%2e", ""),
        a("/%2e%2e/admin", ""),
        a("/a/%2e%2e/admin", ""),
        a("/a/%2E%2E", ""),
        a("/a/.%2e/b", ""),
        a("/a/%252e%252e/b", ""),
        a("/a/..;/admin", ""), // Tomcat-style path parameter
        a("/a/..;jsessionid=x/admin", ""),
        a("/a/%2e%2e%3b/admin", ""),
        a("/a/..%3B/admin", ""),
        a("/a/%252e%252e%253b/admin", ""),
        a("/a/..%20/admin", ""),
        a("/a/%ef%bc%8e%ef%bc%8e/admin", ""), // fullwidth full stops, NFKC → ..
        a("/a/%25252525252e%25252525252e/admin", ""), // nested too deep
        // NUL, CR, LF and other controls, encoded
        a("/a/..%00/admin", ""),
        a("/a/%00", ""),
        a("/a%0d%0aSet-Cookie:%20x=1", ""),
        a("/a%0a", ""),
        a("/a%0D", ""),
        a("/a/%7f", ""),
        a("/a/%c2%85", ""), // NEL, a C1 control
        // IIS %u escapes and overlong UTF-8
        a("/a/%u002e%u002e/admin", ""),
        a("/a/%U002E", ""),
        a("/a/%25u002e%25u002e/admin", ""),
        a("/a/%c0%ae%c0%ae/admin", ""),
        a("/a/%e0%80%ae%e0%80%ae/admin", ""),
        a("/a/%c0%af", ""),
        // what java.net.URI refuses, and malformed escapes
        a("/items/{id}", ""),
        a("/a|b", ""),
        a("/a/%2", ""),
        a("/a/%zz", ""),
        // raw whitespace, controls, non-ASCII, query and fragment markers
        a("/a b", ""),
        a("/a\tb", ""),
        a("/a\r\nx: y", ""),
        a("/caf\u00e9", ""),
        a("/a#frag", ""),
        a("/a?x=1", ""),
        // queries
        a("/a", "discount=50%"),
        a("/a", "q=a|b"),
        a("/a", "x={y}"),
        a("/a", "x=%zz"),
        a("/a", "x=1#y"),
        a("/a", "a b"),
        a("/a", "x=\r\n"));
  }

  /** Targets that must pass unchanged: {path, query}. */
  public static Stream<Arguments> legitimate() {
    return Stream.of(
        a("/", ""),
        a("/v1/items/42", ""),
        a("/v1/items/", ""),
        a("/a/b%20c", ""),
        a("/a/.well-known", ""),
        a("/a/..b", ""),
        a("/a/...", ""),
        a("/a:b/c", ""),
        a("/users/@me", ""),
        a("/npm/@scope/pkg", ""),
        a("/@scope/pkg", ""),
        a("/a/%40me", ""),
        a("/a;v=1/b", ""),
        a("/a/%25", ""),
        a("/a/caf%C3%A9", ""),
        a("/a/~user/b.json", ""),
        a("/search", "q=a%7Cb&discount=50%25"),
        a("/search", "text=line1%0Aline2"),
        a("/search", "a=1&b=&c"));
  }

  private static Arguments a(String path, String query) {
    return Arguments.of(path, query);
  }
}
