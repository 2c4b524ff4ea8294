package dev.ratelimit.deploy;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;

/** The changes of one change set, printable as a table: action, logical id, type, replacement. */
public record ChangeSetPlan(
    String stackName, String changeSetName, boolean create, List<Row> rows) {

  /**
   * One resource change. {@code replacement} is {@code True}, {@code False}, {@code Conditional} or
   * {@code N/A}.
   */
  public record Row(String action, String logicalId, String resourceType, String replacement) {}

  public ChangeSetPlan {
    rows = List.copyOf(rows);
  }

  static ChangeSetPlan of(
      String stackName, String changeSetName, boolean create, List<Change> changes) {
    List<Row> rows = new ArrayList<>();
    for (Change change : changes) {
      ResourceChange rc = change.resourceChange();
      if (rc == null) {
        continue;
      }
      String replacement = rc.replacementAsString();
      rows.add(
          new Row(
              rc.actionAsString(),
              rc.logicalResourceId(),
              rc.resourceType(),
              replacement == null || replacement.isEmpty() ? "N/A" : replacement));
    }
    return new ChangeSetPlan(stackName, changeSetName, create, rows);
  }

  /** The table, header first, columns padded to fit. */
  public List<String> table() {
    String[] header = {"Action", "LogicalResourceId", "ResourceType", "Replacement"};
    int[] width = new int[4];
    for (int i = 0; i < 4; i++) {
      width[i] = header[i].length();
    }
    for (Row r : rows) {
      String[] cells = cells(r);
      for (int i = 0; i < 4; i++) {
        width[i] = Math.max(width[i], cells[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(format(header, width));
    for (Row r : rows) {
      lines.add(format(cells(r), width));
    }
    return lines;
  }

  private static String[] cells(Row r) {
    return new String[] {
      nz(r.action()), nz(r.logicalId()), nz(r.resourceType()), nz(r.replacement())
    };
  }

  private static String nz(String s) {
    return s == null ? "-" : s;
  }

  private static String format(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      b.append(String.format("%-" + width[i] + "s", cells[i]));
      if (i < cells.length - 1) {
        b.append("  ");
      }
    }
    return b.toString().stripTrailing();
  }
}
