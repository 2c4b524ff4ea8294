package dev.ratelimit.generate;

import java.nio.charset.StandardCharsets;

/** One output file, complete in memory before anything touches the disk. */
public record GeneratedFile(String name, byte[] content) {
  public static GeneratedFile text(String name, String content) {
    return new GeneratedFile(name, content.getBytes(StandardCharsets.UTF_8));
  }
}
