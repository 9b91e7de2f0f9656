package org.parity.ward;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The ward UI's style sheet is balanced. Browsers drop an unbalanced rule and everything after it without a word: a
 * merge once lost one closing brace and the NEWS2 chart, its legend and its 44 px targets lost their styles.
 */
class StyleSheetTest {

  @Test
  void everyRuleAndCommentIsClosed() throws IOException {
    String css;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/resources/ward/style.css")) {
      assertThat(in).as("style.css on the classpath").isNotNull();
      css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int depth = 0;
    int line = 1;
    boolean comment = false;
    for (int i = 0; i < css.length(); i++) {
      char c = css.charAt(i);
      if (c == '\n') {
        line++;
      } else if (!comment && css.startsWith("/*", i)) {
        comment = true;
        i++;
      } else if (comment && css.startsWith("*/", i)) {
        comment = false;
        i++;
      } else if (!comment && c == '{') {
        depth++;
      } else if (!comment && c == '}') {
        depth--;
        assertThat(depth).as("a '}' with no '{' at line " + line).isGreaterThanOrEqualTo(0);
      } else if (!comment && depth > 0 && css.startsWith("/* ---", i)) {
        throw new AssertionError("a section starts inside an open rule at line " + line);
      }
    }
    assertThat(comment).as("an unclosed comment").isFalse();
    assertThat(depth).as("rules left open at the end").isZero();
  }
}
