package dev.ratelimit.asl.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The ASL intrinsic functions the generator uses: {@code States.Format}, {@code States.MathRandom},
 * {@code States.MathAdd}, {@code States.ArrayGetItem} and {@code States.Array}, nested, with
 * arguments that are string literals ({@code 'a\'b'}), numbers, {@code true}/{@code false}/ {@code
 * null}, {@code $}-paths (read with {@link JsonPaths}) or calls.
 *
 * <p>The argument syntax is parsed here by hand, deliberately: no Java library implements ASL's
 * intrinsic functions (JSONPath libraries stop at the path; AWS's own and LocalStack's interpreters
 * are not Java libraries), and the grammar is a dozen lines. Anything else fails loudly when the
 * definition is loaded.
 */
final class IntrinsicFunctions {
  /** Supported functions and their number of arguments (-1: any, at least one). */
  static final Map<String, Integer> SUPPORTED =
      Map.of(
          "States.Format", -1,
          "States.MathRandom", 2,
          "States.MathAdd", 2,
          "States.ArrayGetItem", 2,
          "States.Array", -1);

  sealed interface Expr permits Literal, Text, PathRef, Call {}

  record Literal(JsonNode value) implements Expr {}

  /** A string literal; {@code raw} keeps its escapes, for {@code States.Format}'s {@code \{}. */
  record Text(String raw, String value) implements Expr {}

  record PathRef(JsonPaths.Path path) implements Expr {}

  record Call(String name, List<Expr> args) implements Expr {}

  private IntrinsicFunctions() {}

  static boolean looksLikeCall(String text) {
    return text.startsWith("States.");
  }

  /** Parses a whole {@code States.X(...)} expression, checking names, arities and paths. */
  static Call parse(String text, String where) {
    Parser parser = new Parser(text, where);
    Call call = parser.call();
    parser.skipSpace();
    if (parser.pos != text.length()) {
      throw parser.fail("unexpected text after the call");
    }
    return call;
  }

  private static final class Parser {
    private final String text;
    private final String where;
    private int pos;

    Parser(String text, String where) {
      this.text = text;
      this.where = where;
    }

    UnsupportedDefinitionException fail(String why) {
      return new UnsupportedDefinitionException(
          where
              + ": cannot read the intrinsic function "
              + text
              + " at position "
              + pos
              + ": "
              + why);
    }

    void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    Call call() {
      skipSpace();
      int start = pos;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
        pos++;
      }
      String name = text.substring(start, pos);
      if (!SUPPORTED.containsKey(name)) {
        throw new UnsupportedDefinitionException(
            where
                + ": the intrinsic function '"
                + name
                + "' is not supported by the local executor (supported: "
                + SUPPORTED.keySet().stream().sorted().toList()
                + ")");
      }
      skipSpace();
      if (pos >= text.length() || text.charAt(pos) != '(') {
        throw fail("expected '('");
      }
      pos++;
      List<Expr> args = new ArrayList<>();
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == ')') {
        pos++;
      } else {
        while (true) {
          args.add(argument());
          skipSpace();
          if (pos >= text.length()) {
            throw fail("missing ')'");
          }
          char c = text.charAt(pos++);
          if (c == ')') {
            break;
          }
          if (c != ',') {
            throw fail("expected ',' or ')'");
          }
        }
      }
      int arity = SUPPORTED.get(name);
      if (arity >= 0 ? args.size() != arity : args.isEmpty()) {
        throw new UnsupportedDefinitionException(
            where
                + ": "
                + name
                + " takes "
                + (arity >= 0 ? arity : "at least one")
                + " argument(s), got "
                + args.size()
                + " in "
                + text);
      }
      return new Call(name, List.copyOf(args));
    }

    Expr argument() {
      skipSpace();
      if (pos >= text.length()) {
        throw fail("missing argument");
      }
      char c = text.charAt(pos);
      if (c == '\'') {
        return string();
      }
      if (c == '$') {
        return path();
      }
      if (c == '-' || Character.isDigit(c)) {
        return number();
      }
      for (String word : List.of("true", "false", "null")) {
        if (text.startsWith(word, pos) && !continuesWord(pos + word.length())) {
          pos += word.length();
          return new Literal(
              word.equals("null")
                  ? NullNode.getInstance()
                  : BooleanNode.valueOf(word.equals("true")));
        }
      }
      if (text.startsWith("States.", pos)) {
        return call();
      }
      throw fail("unexpected '" + c + "'");
    }

    private boolean continuesWord(int at) {
      return at < text.length() && Character.isLetterOrDigit(text.charAt(at));
    }

    private Text string() {
      int start = ++pos;
      StringBuilder value = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (c == '\\') {
          if (pos >= text.length()) {
            break;
          }
          char escaped = text.charAt(pos++);
          if ("'{}\\".indexOf(escaped) < 0) {
            throw fail("unknown escape '\\" + escaped + "'");
          }
          value.append(escaped);
        } else if (c == '\'') {
          return new Text(text.substring(start, pos - 1), value.toString());
        } else {
          value.append(c);
        }
      }
      throw fail("unterminated string");
    }

    private PathRef path() {
      int start = pos;
      int depth = 0;
      char quote = 0;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (quote != 0) {
          if (c == '\\') {
            pos++;
          } else if (c == quote) {
            quote = 0;
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '[' || c == '(') {
          depth++;
        } else if (c == ']' || c == ')') {
          if (depth == 0) {
            break;
          }
          depth--;
        } else if (c == ',' && depth == 0) {
          break;
        }
        pos++;
      }
      return new PathRef(JsonPaths.path(text.substring(start, pos).strip(), where));
    }

    private Literal number() {
      int start = pos;
      pos++;
      while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
      String digits = text.substring(start, pos);
      try {
        BigDecimal value = new BigDecimal(digits);
        JsonNode node;
        try {
          node = IntNode.valueOf(value.intValueExact());
        } catch (ArithmeticException notAnInt) {
          node = JsonNodeFactory.instance.numberNode(value);
        }
        return new Literal(node);
      } catch (NumberFormatException e) {
        throw fail("'" + digits + "' is not a number");
      }
    }
  }

  // ---- evaluation ----

  static JsonNode evaluate(Expr expr, JsonNode input, RandomGenerator random, String where) {
    if (expr instanceof Literal l) {
      return l.value();
    }
    if (expr instanceof Text t) {
      return TextNode.valueOf(t.value());
    }
    if (expr instanceof PathRef p) {
      return p.path().read(input);
    }
    Call call = (Call) expr;
    List<JsonNode> args = new ArrayList<>();
    for (Expr arg : call.args()) {
      args.add(evaluate(arg, input, random, where));
    }
    String in = where + ": " + call.name();
    switch (call.name()) {
      case "States.Format":
        return TextNode.valueOf(format(call, args, in));
      case "States.MathRandom":
        {
          int start = integer(args.get(0), in);
          int end = integer(args.get(1), in);
          if (start >= end) {
            throw StatesError.runtime(in + ": start " + start + " must be below end " + end);
          }
          // AWS documents the end as exclusive.
          return IntNode.valueOf(random.nextInt(start, end));
        }
      case "States.MathAdd":
        {
          long sum = (long) integer(args.get(0), in) + integer(args.get(1), in);
          if (sum != (int) sum) {
            throw StatesError.runtime(in + ": the sum " + sum + " is out of the integer range");
          }
          return IntNode.valueOf((int) sum);
        }
      case "States.ArrayGetItem":
        {
          JsonNode array = args.get(0);
          if (!array.isArray()) {
            throw StatesError.runtime(in + ": the first argument is not an array: " + array);
          }
          int index = integer(args.get(1), in);
          if (index < 0 || index >= array.size()) {
            throw StatesError.runtime(
                in + ": index " + index + " is out of bounds for an array of " + array.size());
          }
          return array.get(index);
        }
      case "States.Array":
        {
          ArrayNode array = JsonNodeFactory.instance.arrayNode();
          args.forEach(array::add);
          return array;
        }
      default:
        throw new IllegalStateException("parsed but not evaluated: " + call.name());
    }
  }

  private static String format(Call call, List<JsonNode> args, String in) {
    Expr template = call.args().get(0);
    String raw;
    if (template instanceof Text t) {
      raw = t.raw();
    } else if (args.get(0).isTextual()) {
      raw = args.get(0).textValue();
    } else {
      throw StatesError.runtime(in + ": the template is not a string: " + args.get(0));
    }
    StringBuilder out = new StringBuilder();
    int next = 1;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length() && template instanceof Text) {
        out.append(raw.charAt(++i));
      } else if (c == '{' && i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
        if (next >= args.size()) {
          throw StatesError.runtime(in + ": more {} than arguments");
        }
        out.append(formatted(args.get(next++), in));
        i++;
      } else {
        out.append(c);
      }
    }
    if (next != args.size()) {
      throw StatesError.runtime(in + ": more arguments than {}");
    }
    return out.toString();
  }

  private static String formatted(JsonNode value, String in) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNumber() || value.isBoolean() || value.isNull()) {
      return value.toString();
    }
    throw StatesError.runtime(
        in + ": cannot format " + value + " (not a string, number, boolean" + " or null)");
  }

  private static int integer(JsonNode value, String in) {
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return value.intValue();
    }
    if (value.isNumber()
        && value.decimalValue().stripTrailingZeros().scale() <= 0
        && value.canConvertToInt()) {
      return value.intValue();
    }
    throw StatesError.runtime(in + ": " + value + " is not an integer");
  }
}
