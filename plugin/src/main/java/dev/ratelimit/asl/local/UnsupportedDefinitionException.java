package dev.ratelimit.asl.local;

/**
 * The definition uses something the local executor does not implement (a state type, field,
 * comparison operator, intrinsic function or path form), or is malformed. Thrown when the
 * definition is loaded, never silently ignored: a simulation of a workflow it cannot fully execute
 * would be a false picture.
 */
public final class UnsupportedDefinitionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnsupportedDefinitionException(String message) {
    super(message);
  }
}
