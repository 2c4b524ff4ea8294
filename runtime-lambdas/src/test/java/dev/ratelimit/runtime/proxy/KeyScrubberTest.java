package dev.ratelimit.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Every form an echo could carry the vendor key in is cut out; ordinary text is left alone. */
class KeyScrubberTest {
  static final String KEY = "sk-live/9f8e7d+6c5b4a=3210";

  static String scrub(KeyScrubber s, String text) {
    return new String(s.scrub(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rawJsonEscapedAndPercentEncodedFormsAreCut() {
    KeyScrubber s = new KeyScrubber(KEY);
    String text =
        "{\"error\":\"invalid key "
            + KEY
            + "\",\"escaped\":\""
            + KEY.replace("/", "\\/")
            + "\",\"url\":\"/x?k="
            + URLEncoder.encode(KEY, StandardCharsets.UTF_8)
            + "\",\"lower\":\""
            + URLEncoder.encode(KEY, StandardCharsets.UTF_8).toLowerCase()
            + "\"}";

    String out = scrub(s, text);

    assertThat(out)
        .doesNotContain(
            KEY, KEY.replace("/", "\\/"), URLEncoder.encode(KEY, StandardCharsets.UTF_8), "9f8e7d")
        .contains(KeyScrubber.MARK, "invalid key");
  }

  /** Encoders that escape only some characters, each its own way (the review's M1 cases). */
  @Test
  void eachCharacterMayComeInAnyOfItsEncodings() {
    String aws = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY=";
    KeyScrubber s = new KeyScrubber(aws);
    for (String echo :
        new String[] {
          "{\"k\":\"wJalrXUtnFEMI/K7MDENG\\u002BbPxRfiCYEXAMPLEKEY\\u003D\"}", // System.Text.Json
          "{\"k\":\"wJalrXUtnFEMI\\u002fK7MDENG\\u002bbPxRfiCYEXAMPLEKEY\\u003d\"}",
          "/r?k=wJalrXUtnFEMI/K7MDENG%2BbPxRfiCYEXAMPLEKEY%3D", // Python's quote() keeps '/'
          "/r?k=wJalrXUtnFEMI%2fK7MDENG+bPxRfiCYEXAMPLEKEY%3d",
          "<p>wJalrXUtnFEMI&#47;K7MDENG&#x2B;bPxRfiCYEXAMPLEKEY&#61;</p>", // HTML entities
          "<p>wJalrXUtnFEMI/K7MDENG&#43;bPxRfiCYEXAMPLEKEY&#X3d;</p>",
          "{\"nested\":\"{\\\"k\\\":\\\"wJalrXUtnFEMI\\\\/K7MDENG+bPxRfiCYEXAMPLEKEY=\\\"}\"}"
        }) {
      assertThat(scrub(s, echo)).as(echo).contains(KeyScrubber.MARK).doesNotContain("EXAMPLEKEY");
    }
    // Java's URLEncoder leaves '*' raw and writes the space as '+'; a writer escaping '"' but not
    // '/'
    KeyScrubber token = new KeyScrubber("Token ab*cd/ef\"gh=ij");
    String encoded = URLEncoder.encode("Token ab*cd/ef\"gh=ij", StandardCharsets.UTF_8);
    assertThat(scrub(token, "q=" + encoded + "&j={\"t\":\"Token ab*cd/ef\\\"gh=ij\"}"))
        .isEqualTo("q=" + KeyScrubber.MARK + "&j={\"t\":\"" + KeyScrubber.MARK + "\"}");
    // an alphanumeric character is only ever itself: similar text stays
    assertThat(scrub(s, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ="))
        .doesNotContain(KeyScrubber.MARK);
  }

  @Test
  void mimeBase64WrappedAt76ColumnsIsFoundAcrossTheLineBreak() {
    KeyScrubber s = new KeyScrubber(KEY);
    String prefix = "x".repeat(50); // the key's base64 spans columns 67 to 102
    String mime =
        Base64.getMimeEncoder()
            .encodeToString((prefix + KEY + " trailing").getBytes(StandardCharsets.UTF_8));
    String core =
        Base64.getEncoder()
            .withoutPadding()
            .encodeToString((prefix + KEY).getBytes(StandardCharsets.UTF_8))
            .substring((prefix.length() * 4 + 2) / 3 + 1);
    core = core.substring(0, core.length() - 2);
    assertThat(mime.replace("\r\n", "")).contains(core);
    assertThat(mime).doesNotContain(core);

    for (String text :
        new String[] {mime, "{\"pem\":\"" + mime.replace("\r\n", "\\r\\n") + "\"}"}) {
      String out = scrub(s, text);
      assertThat(out).contains(KeyScrubber.MARK);
      assertThat(out.replace("\r\n", "").replace("\\r\\n", "")).doesNotContain(core);
    }
  }

  @Test
  void base64IsFoundAtEveryAlignmentInsideLargerBase64() {
    KeyScrubber s = new KeyScrubber(KEY);
    for (String prefix : new String[] {"", "u", "us", "user:", "Basic-auth pair for user: "}) {
      String encoded = b64(prefix + KEY + " trailing");
      String urlSafe =
          Base64.getUrlEncoder().encodeToString((prefix + KEY).getBytes(StandardCharsets.UTF_8));

      String out = scrub(s, "{\"auth\":\"Basic " + encoded + "\",\"u\":\"" + urlSafe + "\"}");

      assertThat(out).as(prefix).contains(KeyScrubber.MARK);
      // what is left decodes to no key: the stretch that carried it is gone
      assertThat(out).as(prefix).doesNotContain(encoded, urlSafe);
    }
  }

  @Test
  void bearerCredentialsAndBasicPasswordsAreSecretsOnTheirOwn() {
    KeyScrubber bearer = new KeyScrubber("Bearer tok_abcdef123456");
    assertThat(scrub(bearer, "token tok_abcdef123456 seen"))
        .isEqualTo("token " + KeyScrubber.MARK + " seen");

    String pair = "apiuser:pa55word-9876";
    KeyScrubber basic = new KeyScrubber("Basic " + b64(pair));
    assertThat(scrub(basic, "{\"password\":\"pa55word-9876\",\"pair\":\"" + pair + "\"}"))
        .doesNotContain("pa55word-9876");
    // short parts would match ordinary words: only the whole key is cut then
    assertThat(scrub(new KeyScrubber("Bearer abc"), "abc Bearer abc"))
        .isEqualTo("abc " + KeyScrubber.MARK);
  }

  @Test
  void textWithoutTheKeyIsReturnedAsIs() {
    KeyScrubber s = new KeyScrubber(KEY);
    byte[] in = "{\"ok\":true,\"sk-live\":\"9f8e\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(s.scrub(in)).isSameAs(in);
    assertThat(s.foundIn("x-echo: nothing")).isFalse();
    assertThat(s.foundIn("x-echo: " + KEY)).isTrue();
    assertThat(s.toString()).doesNotContain(KEY);
  }

  @Test
  void aCutBodyDropsAsManyBytesAsTheLongestFormLessOne() {
    KeyScrubber s = new KeyScrubber(KEY);
    // the longest form is the unpadded base64 (ceil(26 * 4 / 3) = 35 characters, the last one
    // partial),
    // each character in its longest encoding (&#x0000003D;, 11 characters)
    assertThat(s.tailToDrop(1000)).isEqualTo(34 * 11 - 1);
    assertThat(s.tailToDrop(3)).isEqualTo(3);
  }
}
