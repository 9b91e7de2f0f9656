package org.parity.ward;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for ward UI browser tests: the same driver setup as {@link WardShellBrowserTest}
 * (Debian chromium and chromedriver, overridable with -Dparity.chromium and -Dparity.chromedriver; Selenium
 * Manager never downloads anything because both paths are given), plus the small helpers the tests share.
 */
final class WardBrowser implements AutoCloseable {

  static final String CHROMIUM = System.getProperty("parity.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER = System.getProperty("parity.chromedriver", "/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  static final Duration WAIT = Duration.ofSeconds(30);

  final WebDriver driver;
  private final Path userDataDir;

  private WardBrowser(WebDriver driver, Path userDataDir) {
    this.driver = driver;
    this.userDataDir = userDataDir;
  }

  /** A browser with a page of width x height (a tablet: 800x1280 portrait), British English. */
  static WardBrowser start(int width, int height) throws IOException {
    assertTrue(Files.isExecutable(Paths.get(CHROMIUM)), "Chromium not found at " + CHROMIUM);
    assertTrue(Files.isExecutable(Paths.get(CHROMEDRIVER)), "chromedriver not found at " + CHROMEDRIVER);
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    Path userDataDir = Files.createTempDirectory("parity-chromium-");

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=en-GB",
        "--accept-lang=en-GB",
        "--user-data-dir=" + userDataDir.toAbsolutePath(),
        "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);

    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    WebDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(WAIT);
    WardBrowser browser = new WardBrowser(driver, userDataDir);
    browser.setViewport(width, height);
    return browser;
  }

  /** Size the window so the page itself (not the window with its frame) is width x height. */
  void setViewport(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    @SuppressWarnings("unchecked")
    List<Number> inner = (List<Number>) js("return [window.innerWidth, window.innerHeight];");
    int frameWidth = width - inner.get(0).intValue();
    int frameHeight = height - inner.get(1).intValue();
    if (frameWidth != 0 || frameHeight != 0) {
      driver.manage().window().setSize(new Dimension(width + frameWidth, height + frameHeight));
    }
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  WebElement waitFor(By by) {
    return new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(by));
  }

  /** Clicks the element once it is clickable, finding it again if the page re-rendered it meanwhile. */
  void click(String css) {
    for (int attempt = 1; ; attempt++) {
      try {
        WebElement element = waitUntil(org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable(
            By.cssSelector(css)));
        js("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
        return;
      } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
        if (attempt == 5) {
          throw rerendered;
        }
      }
    }
  }

  <T> T waitUntil(ExpectedCondition<T> condition) {
    return new WebDriverWait(driver, WAIT).until(condition);
  }

  /** Wait until a script returns something truthy; returns it. */
  Object waitForScript(String script, Object... args) {
    return new WebDriverWait(driver, WAIT).until(d -> {
      Object value = js(script, args);
      return value == null || Boolean.FALSE.equals(value) || "".equals(value) ? null : value;
    });
  }

  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("Could not write screenshot " + name, e);
    }
  }

  /**
   * Browser console messages at SEVERE (JavaScript errors, failed loads) since the last call, except the
   * 404 of the SMART configuration, which is how a server with security off says "no sign-in" (Chromium
   * logs every 404 answer to a fetch).
   */
  List<String> severeLogs() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(message -> !isSecurityOffAnswer(message))
        .collect(Collectors.toList());
  }

  static boolean isSecurityOffAnswer(String message) {
    return message.contains("/fhir/.well-known/smart-configuration - Failed to load resource: the server responded with a status of 404");
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(userDataDir)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
