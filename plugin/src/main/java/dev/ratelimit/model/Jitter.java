package dev.ratelimit.model;

/** How a backoff wait is randomized (AWS's "full jitter", or none). */
public enum Jitter {
  FULL,
  NONE
}
