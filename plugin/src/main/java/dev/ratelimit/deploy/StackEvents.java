package dev.ratelimit.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * Streams a stack's events as they happen, like {@code sam deploy}: each {@link #poll()} returns
 * only events newer than the {@link #mark() marker}, oldest first, each event id once (pages may
 * overlap while CloudFormation adds events). {@code DescribeStackEvents} lists newest first, so
 * paging stops at the first event already seen.
 */
public final class StackEvents {

  /** One stack event, as printed. */
  public record Event(
      Instant timestamp,
      String id,
      String logicalId,
      String resourceType,
      String status,
      String reason) {

    /** A line like {@code sam deploy}'s: status, type, logical id, reason. */
    public String line() {
      return String.format(
              "%-28s %-34s %-30s %s",
              status, resourceType, logicalId, reason == null ? "-" : reason)
          .stripTrailing();
    }

    public boolean failed() {
      return status != null && status.endsWith("_FAILED");
    }
  }

  /** A resource that failed, and CloudFormation's reason. */
  public record Failure(String logicalId, String resourceType, String status, String reason) {
    @Override
    public String toString() {
      return logicalId + " (" + resourceType + ") " + status + ": " + reason;
    }
  }

  private final CloudFormationClient cloudFormation;
  private final String stack;
  private final Set<String> seen = new HashSet<>();
  private final List<Event> streamed = new ArrayList<>();
  private String marker;

  /**
   * @param stack the stack's name or id (an id still answers after the stack is deleted)
   */
  public StackEvents(CloudFormationClient cloudFormation, String stack) {
    this.cloudFormation = cloudFormation;
    this.stack = stack;
  }

  /** Everything that happened so far is history: later polls return only newer events. */
  public void mark() {
    DescribeStackEventsResponse page = cloudFormation.describeStackEvents(r -> r.stackName(stack));
    marker = page.stackEvents().isEmpty() ? null : page.stackEvents().get(0).eventId();
    page.stackEvents().forEach(e -> seen.add(e.eventId()));
  }

  /** The events since the previous poll (or the marker), oldest first. */
  public List<Event> poll() {
    Map<String, Event> fresh = new LinkedHashMap<>();
    String token = null;
    boolean reachedKnown = false;
    do {
      String next = token;
      DescribeStackEventsResponse page =
          cloudFormation.describeStackEvents(r -> r.stackName(stack).nextToken(next));
      for (StackEvent e : page.stackEvents()) {
        if (e.eventId().equals(marker) || seen.contains(e.eventId())) {
          reachedKnown = true;
          break;
        }
        fresh.putIfAbsent(
            e.eventId(),
            new Event(
                e.timestamp(),
                e.eventId(),
                e.logicalResourceId(),
                e.resourceType(),
                e.resourceStatusAsString(),
                e.resourceStatusReason()));
      }
      token = page.nextToken();
    } while (!reachedKnown && token != null && !token.isEmpty());
    List<Event> ordered = new ArrayList<>(fresh.values());
    Collections.reverse(ordered);
    ordered.forEach(e -> seen.add(e.id()));
    streamed.addAll(ordered);
    return ordered;
  }

  /** Every event returned so far. */
  public List<Event> streamed() {
    return List.copyOf(streamed);
  }

  /**
   * The failed resources among the streamed events (the stack's own line only when nothing else
   * failed).
   */
  public List<Failure> failures(String stackName) {
    List<Failure> resources = new ArrayList<>();
    List<Failure> stackLevel = new ArrayList<>();
    for (Event e : streamed) {
      if (!e.failed() || e.reason() == null) {
        continue;
      }
      Failure f = new Failure(e.logicalId(), e.resourceType(), e.status(), e.reason());
      if ("AWS::CloudFormation::Stack".equals(e.resourceType())
          && stackName.equals(e.logicalId())) {
        stackLevel.add(f);
      } else {
        resources.add(f);
      }
    }
    return resources.isEmpty() ? stackLevel : resources;
  }
}
