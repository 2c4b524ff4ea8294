package dev.ratelimit.asl.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A payload template ({@code Parameters}, {@code ResultSelector}), parsed: constants, objects and
 * arrays of templates, and the {@code .$} values that an {@link Expression} computes.
 */
sealed interface Template {

  /** The template filled in from a state's effective input: a new tree, sharing nothing. */
  JsonNode evaluate(JsonNode input, Scope scope);

  /** What an evaluation reads besides the input. */
  interface Scope {
    /** The context object ({@code $$}) as it is now. */
    JsonNode contextObject();

    /** Where {@code States.MathRandom} draws from. */
    RandomGenerator random();
  }

  record Constant(JsonNode value) implements Template {
    @Override
    public JsonNode evaluate(JsonNode input, Scope scope) {
      return value.deepCopy();
    }
  }

  /** An object; a {@code .$} field is named without its suffix. */
  record Fields(List<Field> fields) implements Template {
    record Field(String name, Template value) {}

    @Override
    public JsonNode evaluate(JsonNode input, Scope scope) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Field field : fields) {
        out.set(field.name(), field.value().evaluate(input, scope));
      }
      return out;
    }
  }

  record Items(List<Template> items) implements Template {
    @Override
    public JsonNode evaluate(JsonNode input, Scope scope) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (Template item : items) {
        out.add(item.evaluate(input, scope));
      }
      return out;
    }
  }

  /** A {@code .$} value, {@code ErrorPath} or {@code CausePath}. */
  sealed interface Expression extends Template {}

  /** A {@code $}-path into the input, or a {@code $$}-path into the context object. */
  record Read(JsonPaths.Path path) implements Expression {
    @Override
    public JsonNode evaluate(JsonNode input, Scope scope) {
      return path.read(path.readsContext() ? scope.contextObject() : input).deepCopy();
    }
  }

  /** An intrinsic function call; {@code where} names its place, for run-time errors. */
  record Intrinsic(IntrinsicFunctions.Call call, String where) implements Expression {
    @Override
    public JsonNode evaluate(JsonNode input, Scope scope) {
      return IntrinsicFunctions.evaluate(call, input, scope.random(), where).deepCopy();
    }
  }
}
