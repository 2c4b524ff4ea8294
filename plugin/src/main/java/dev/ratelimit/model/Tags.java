package dev.ratelimit.model;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** {@code <tags>} (every resource) and the deploy's {@code <stackTags>}: AWS's tag rules. */
public final class Tags {
  private static final Pattern TAG_CHARS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
  private static final String EXAMPLE = "<team>payments</team>";

  private Tags() {}

  /**
   * AWS's tag rules, for {@code tags} and the deploy's {@code stackTags}: a key of 1–128 characters
   * not starting with {@code aws:}, a value of 1–256 (a stack tag needs a value, and the stack's
   * tags reach every resource), both of letters, digits, spaces and {@code _.:/=+-@}.
   *
   * @param parameter the configuration parameter, for the message
   * @return the tags, sorted by key (empty for null)
   */
  public static SortedMap<String, String> check(String parameter, Map<String, String> tags) {
    SortedMap<String, String> out = new TreeMap<>();
    if (tags == null) {
      return out;
    }
    for (Map.Entry<String, String> e : tags.entrySet()) {
      String key = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue();
      if (key == null
          || key.isEmpty()
          || key.length() > AwsLimits.TAG_KEY_CHARS
          || !TAG_CHARS.matcher(key).matches()
          || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
        throw new InvalidConfigurationException(
            parameter,
            key,
            "a tag key has 1-"
                + AwsLimits.TAG_KEY_CHARS
                + " letters, digits, spaces or _.:/=+-@, and does not start with aws:",
            EXAMPLE);
      }
      if (value.isEmpty()
          || value.length() > AwsLimits.TAG_VALUE_CHARS
          || !TAG_CHARS.matcher(value).matches()) {
        throw new InvalidConfigurationException(
            parameter,
            key + "=" + value,
            "a tag value has 1-"
                + AwsLimits.TAG_VALUE_CHARS
                + " letters, digits, spaces or _.:/=+-@ (CloudFormation refuses a stack tag without"
                + " a value)",
            EXAMPLE);
      }
      out.put(key, value);
    }
    return out;
  }

  /** {@code <tags>}: the rules above, room for the plugin's own tag, and not that tag's key. */
  static SortedMap<String, String> require(Map<String, String> tags) {
    SortedMap<String, String> out = check("tags", tags);
    if (out.containsKey(WorkflowSpec.WORKFLOW_TAG)) {
      throw new InvalidConfigurationException(
          "tags",
          WorkflowSpec.WORKFLOW_TAG,
          "is set by the plugin on every resource; choose another key",
          EXAMPLE);
    }
    if (out.size() > AwsLimits.MAX_TAGS - 1) {
      throw new InvalidConfigurationException(
          "tags",
          out.size() + " tags",
          "at most "
              + (AwsLimits.MAX_TAGS - 1)
              + " (AWS allows "
              + AwsLimits.MAX_TAGS
              + " per resource and the plugin adds "
              + WorkflowSpec.WORKFLOW_TAG
              + ")",
          EXAMPLE);
    }
    return Collections.unmodifiableSortedMap(out);
  }
}
