package org.rehabloop.system;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rehabloop.infra.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The clinician dashboard in a real headless Chromium, against the running system: sign in, the patient list in
 * order of attention, an alert arriving live while the page is open, its evidence and proposal, the patient page's
 * charts point by point, approving a proposal, keyboard use and a tablet's width. No patient id may appear in the
 * address bar or the dashboard's log. Screenshots go to target/screenshots/.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("rehabloop.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("rehabloop.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final String NO_BROWSER = "No Chromium here: apt-get update && apt-get install -y chromium chromium-driver "
            + "(or set REHABLOOP_BROWSER_TESTS=required to make this a failure)";

    private RunningSystem system;
    private ServiceProcess dashboard;
    private ChromeDriver browser;
    private final List<String> visitedUrls = new ArrayList<>();

    private final UUID clinician = UUID.randomUUID();
    /** Policy NONE, three weeks in, painless sessions and check-ins: the one whose painful session arrives live. */
    private final UUID steady = UUID.randomUUID();
    /** A painful (8/10) session before the page opens: a HIGH alert, so first in the list. */
    private final UUID hurting = UUID.randomUUID();
    /** Just started, nothing logged. */
    private final UUID starting = UUID.randomUUID();
    /** Issued through the dashboard's form. */
    private final UUID issued = UUID.randomUUID();
    private final LocalDate steadyStart = LocalDate.now().minusDays(20);
    private final List<Instant> steadySessions = new ArrayList<>();
    private final List<Instant> steadyMornings = new ArrayList<>();
    private String steadyProgram;

    @BeforeAll
    void startTheSystemAndTheBrowser() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if ("required".equals(System.getenv("REHABLOOP_BROWSER_TESTS"))) {
            assertThat(installed).as("REHABLOOP_BROWSER_TESTS=required, but %s or %s is missing", CHROMIUM, CHROMEDRIVER).isTrue();
        }
        if (!installed) {
            System.out.println("DASHBOARD: skipped. " + NO_BROWSER);
            return;
        }
        system = RunningSystem.get();
        dashboard = system.dashboard();
        Files.createDirectories(SCREENSHOTS);
        givenTheCaseload();

        // Debian's chromedriver and chromium, named explicitly: Selenium Manager never looks for (or downloads) either
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--window-size=1280,800", "--no-sandbox", "--disable-dev-shm-usage",
                        "--disable-gpu", "--lang=en-GB", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 800));
    }

    @BeforeEach
    void needsTheBrowser() {
        assumeTrue(browser != null, NO_BROWSER);
    }

    @AfterAll
    void closeTheBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (dashboard != null) {
            String log = Files.readString(dashboard.log());
            for (UUID patient : List.of(steady, hurting, starting, issued)) {
                assertThat(log).as("the dashboard's log names no patient").doesNotContain(patient.toString());
            }
        }
    }

    @Test
    @Order(1)
    void signInShowsMyPatientsThoseWhoNeedAttentionFirst() {
        open(dashboard.url() + "/");
        WebElement token = waitFor(By.id("token"));
        assertThat(browser.findElement(By.cssSelector("label[for=token]")).getText()).contains("token");
        token.sendKeys(system.tokens.mint("clinician", clinician));
        browser.findElement(By.cssSelector("form.signin button[type=submit]")).click();

        List<String> expected = caseloadOrder();
        assertThat(expected).hasSize(3).first().isEqualTo(hurting.toString());
        awaitRows(expected);
        screenshot("1-patients");
    }

    @Test
    @Order(2)
    void aPainfulSessionAppearsInTheOpenPageWithinTwoSeconds() {
        until(b -> "live".equals(b.findElement(By.id("stream-status")).getAttribute("data-state")));
        String logged = "/v1/patients/" + steady + "/sessions";
        Map<String, Object> painful = session(Instant.now().minus(1, ChronoUnit.MINUTES), 7, 15);
        int status = as("patient", steady, "logging-service").body(painful).post(logged).statusCode();
        long accepted = System.nanoTime();
        assertThat(status).isEqualTo(201);
        steadySessions.add(Instant.now());

        By item = By.cssSelector("#feed li[data-patient-id='" + steady + "'][data-rule='OVL-PAIN-DURING']");
        new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(20))
                .ignoring(StaleElementReferenceException.class).until(b -> !b.findElements(item).isEmpty());
        long millis = Duration.ofNanos(System.nanoTime() - accepted).toMillis();
        System.out.printf("DASHBOARD: session 201 -> alert in the open page: %d ms (no reload)%n", millis);
        assertThat(millis).as("ms from the 201 to the alert in the page").isLessThan(2000);
        assertThat(text(item)).contains("Medium");

        // the open list follows without a reload: the patient's row counts the new alert, in the caseload's order
        int medium = as("clinician", clinician, "assessment-service").get("/v1/clinicians/me/patients")
                .path("items.find { it.patientId == '" + steady + "' }.openAlerts.medium");
        awaitRows(caseloadOrder());
        By row = By.cssSelector("#patients tr[data-patient-id='" + steady + "']");
        until(b -> b.findElement(row).getText().contains(medium + " Medium"));
        screenshot("2-live-alert");
    }

    @Test
    @Order(3)
    void aDroppedConnectionResumesFromTheLastEventItSaw() {
        String alertId = as("clinician", clinician, "assessment-service").queryParam("patientId", hurting)
                .get("/v1/alerts").path("items[0].id");
        By item = By.cssSelector("#feed li[data-alert-id='" + alertId + "']");
        assertThat(text(item)).contains("open");

        offline(true);
        until(b -> "reconnecting".equals(b.findElement(By.id("stream-status")).getAttribute("data-state")));
        String lastSeen = browser.findElement(By.id("stream-status")).getAttribute("data-last-event-id");
        as("clinician", clinician, "assessment-service").body("{}").post("/v1/alerts/" + alertId + "/acknowledge").then().statusCode(200);
        sleep(Duration.ofSeconds(1));
        assertThat(text(item)).as("nothing arrives while offline").contains("open");

        offline(false);
        until(b -> b.findElement(item).getText().contains("acknowledged"));
        assertThat(browser.findElement(By.id("stream-status")).getAttribute("data-state")).isEqualTo("live");
        System.out.printf("DASHBOARD: stream dropped after event %s; the change made meanwhile arrived after the reconnect (Last-Event-ID)%n", lastSeen);
    }

    @Test
    @Order(4)
    void anAlertShowsItsEvidenceAndTheProposalWaiting() {
        click(By.xpath("//ul[@id='feed']/li[@data-patient-id='" + steady + "' and @data-rule='OVL-PAIN-DURING']//button[text()='Details']"));
        waitFor(By.cssSelector("#evidence tbody tr"));
        assertThat(text(By.cssSelector("#evidence tbody tr td:nth-child(3)"))).as("the value").isEqualTo("7");
        assertThat(text(By.cssSelector("#evidence tbody tr td:nth-child(4)"))).as("the threshold").isEqualTo("5");
        // the DELOAD becomes a proposal under policy NONE; the page follows the alert's update
        waitFor(By.cssSelector("main .proposal"));
        assertThat(text(By.cssSelector("main .proposal"))).contains("deload of clamshell");
        screenshot("3-alert");

        click(By.xpath("//main//button[text()='Acknowledge']"));
        until(b -> b.findElement(By.id("alert-status")).getText().equals("acknowledged"));
    }

    @Test
    @Order(5)
    void theKeyboardOpensAPatientWhosePageChartsWhatWasLogged() {
        click(By.cssSelector("#nav [data-nav=patients]"));
        List<String> order = caseloadOrder();
        awaitRows(order);
        // from the heading (focused on arrival), Tab reaches the first row; the arrows move along; Enter opens
        until(b -> "view-title".equals(active().getAttribute("id")));
        new Actions(browser).sendKeys(Keys.TAB).perform();
        assertThat(active().getAttribute("data-patient-row")).isEqualTo("0");
        for (int i = 0; i < order.indexOf(steady.toString()); i++) {
            new Actions(browser).sendKeys(Keys.ARROW_DOWN).perform();
        }
        assertThat(active().getAttribute("data-patient-id")).isEqualTo(steady.toString());
        new Actions(browser).sendKeys(Keys.ENTER).perform();

        waitFor(By.id("chart-pain"));
        Weeks weeks = new Weeks(steadyStart);
        awaitChart("chart-pain");
        List<List<Object>> pain = chartData("chart-pain");
        assertThat(pain.get(0)).as("worst pain during, one point a week").hasSize(weeks.count());
        assertThat(nonNull(pain.get(0))).as("weeks with sessions").isEqualTo(weeks.with(steadySessions));
        assertThat(nonNull(pain.get(1))).as("weeks with next-morning check-ins").isEqualTo(weeks.with(steadyMornings));
        assertThat(pain.get(2)).as("the 5/10 line").hasSize(weeks.count()).allMatch(v -> ((Number) v).intValue() == 5);
        assertThat(chartData("chart-sessions").get(0)).as("sessions per week")
                .map(v -> ((Number) v).intValue()).containsExactlyElementsOf(weeks.counts(steadySessions));
        assertThat(text(By.id("main"))).as("nothing shown as null or undefined").doesNotContain("null").doesNotContain("undefined");
        List<List<Object>> clamshell = chartData("chart-exercise-clamshell");
        assertThat(clamshell.get(0)).as("clamshell sessions").hasSize(steadySessions.size());
        assertThat(clamshell.get(1)).as("adjustments before the approval").isEmpty();
        System.out.printf("DASHBOARD: charts: pain %d weeks (%d with sessions, %d with check-ins), sessions per week %s, clamshell %d points%n",
                weeks.count(), weeks.with(steadySessions), weeks.with(steadyMornings), weeks.counts(steadySessions), steadySessions.size());
    }

    @Test
    @Order(6)
    void approvingAProposalShowsTheNewVersion() {
        String proposal = until(b -> pendingDeload());
        click(By.cssSelector("main .proposal[data-proposal-id='" + proposal + "'] button.primary"));

        int version = await().atMost(WAIT).until(() -> as("clinician", clinician, "plan-service")
                .get("/v1/programs/" + steadyProgram).<Integer>path("version"), v -> v == 2);
        waitFor(By.cssSelector("#versions li[data-version='" + version + "']"));
        until(b -> b.findElement(By.id("current-version")).getText().equals(String.valueOf(version)));
        assertThat(text(By.cssSelector("#versions li[data-version='" + version + "']")))
                .contains("Version " + version).contains("clamshell");
        awaitChart("chart-exercise-clamshell");
        until(b -> chartData("chart-exercise-clamshell").get(1).size() == 1);
        System.out.printf("DASHBOARD: approved the DELOAD proposal: version %d in the history and marked on the clamshell chart%n", version);

        // the README's picture: the whole patient page, charts included, at 1280 wide
        long height = ((Number) js("return document.documentElement.scrollHeight")).longValue();
        browser.manage().window().setSize(new Dimension(1280, (int) Math.min(height + 120, 4000)));
        awaitChart("chart-pain");
        screenshot("4-patient-page"); // the README's docs/images/dashboard-patient.png is a copy of this one
        browser.manage().window().setSize(new Dimension(1280, 800));
    }

    @Test
    @Order(7)
    void readableOnATabletWidth() {
        browser.manage().window().setSize(new Dimension(820, 1180));
        // at once, before Chart.js has redrawn its canvases for the new width (a frame later; on a busy machine, later still)
        assertThat(sidewaysOverflow()).as("no sideways scrolling at 820 px while the charts still have their old width")
                .isLessThanOrEqualTo(0);
        until(b -> ((Number) js("return window.innerWidth")).intValue() <= 820);
        awaitChart("chart-pain");
        until(b -> ((Number) js("const c = document.getElementById('chart-pain');"
                + " return c.getBoundingClientRect().width - c.parentElement.getBoundingClientRect().width")).intValue() <= 0);
        assertThat(sidewaysOverflow()).as("no sideways scrolling at 820 px").isLessThanOrEqualTo(0);
        long chartWidth = ((Number) js("return document.getElementById('chart-pain').getBoundingClientRect().width")).longValue();
        assertThat(chartWidth).as("the pain chart fits the width").isBetween(200L, 820L);
        screenshot("5-tablet");
        browser.manage().window().setSize(new Dimension(1280, 800));
    }

    @Test
    @Order(8)
    void aProgrammeIsIssuedFromTheTemplateWithItsPolicy() {
        click(By.cssSelector("#nav [data-nav=issue]"));
        WebElement patientField = waitFor(By.id("issue-patient"));
        assertThat(text(By.cssSelector("label[for=issue-patient]"))).isEqualTo("Patient id");
        until(b -> !b.findElements(By.cssSelector(".template-preview li")).isEmpty());
        patientField.sendKeys(issued.toString());
        WebElement perWeek = browser.findElement(By.id("issue-per-week"));
        perWeek.clear();
        perWeek.sendKeys("4");
        click(By.cssSelector("input[name=autoAdjust][value=NONE]"));
        click(By.cssSelector("main form button[type=submit]"));

        try {
            waitFor(By.id("current-version"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the patient page did not open; the page says: " + text(By.id("main")), e);
        }
        screenshot("6-issued");
        assertThat(text(By.id("main"))).as("nothing shown as null or undefined").doesNotContain("null").doesNotContain("undefined");
        assertThat(text(By.id("summary-title"))).isEqualTo("Programme");
        assertThat(text(By.cssSelector("main .facts"))).contains("none: every adjustment waits for my approval");
        as("clinician", clinician, "plan-service").get("/v1/patients/" + issued + "/program").then().statusCode(200)
                .body("autoAdjust", org.hamcrest.Matchers.equalTo("NONE"))
                .body("sessionsPerWeek", org.hamcrest.Matchers.equalTo(4))
                .body("version", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    @Order(9)
    void noPatientIdEverReachedTheAddressBar() {
        visitedUrls.add(browser.getCurrentUrl());
        for (String url : visitedUrls) {
            for (UUID patient : List.of(steady, hurting, starting, issued)) {
                assertThat(url).doesNotContain(patient.toString());
            }
        }
        System.out.println("DASHBOARD: addresses visited: " + visitedUrls.stream().distinct().toList());
    }

    // ------------------------------------------------------------------ the caseload, through the APIs

    private void givenTheCaseload() {
        steadyProgram = issue(steady, steadyStart, 2, "NONE");
        issue(hurting, LocalDate.now().minusDays(3), 3, "SAFE");
        issue(starting, LocalDate.now().minusDays(1), 3, "SAFE");
        int[] daysAgo = {19, 16, 12, 5, 2};
        for (int i = 0; i < daysAgo.length; i++) {
            Instant at = Instant.now().minus(daysAgo[i], ChronoUnit.DAYS);
            log(steady, session(at, 1 + i % 2, 10 + i));
            steadySessions.add(at);
        }
        for (int daysBefore : new int[] {18, 15, 4}) {
            Instant at = Instant.now().minus(daysBefore, ChronoUnit.DAYS);
            as("patient", steady, "logging-service").body(Map.of("id", UUID.randomUUID(), "at", at.toString(), "pain", 2,
                    "kind", "NEXT_MORNING")).post("/v1/patients/" + steady + "/pain-checkins").then().statusCode(201);
            steadyMornings.add(at);
        }
        log(hurting, session(Instant.now().minus(2, ChronoUnit.HOURS), 8, 15));
        await().atMost(WAIT).until(() -> as("clinician", clinician, "assessment-service").queryParam("patientId", hurting)
                .get("/v1/alerts").<List<?>>path("items").size() == 1);
    }

    private String issue(UUID patient, LocalDate start, int perWeek, String policy) {
        return as("clinician", clinician, "plan-service").body(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain",
                        "startDate", start.toString(), "sessionsPerWeek", perWeek, "autoAdjust", policy))
                .post("/v1/programs").then().statusCode(201).extract().path("id");
    }

    /** Logs a session, retrying while logging-service learns the programme from plan.events. */
    private void log(UUID patient, Map<String, Object> session) {
        Map<String, Object> body = new HashMap<>(session);
        body.put("programId", programOf(patient));
        await().atMost(WAIT).until(() -> as("patient", patient, "logging-service").body(body)
                .post("/v1/patients/" + patient + "/sessions").statusCode() == 201);
    }

    private String programOf(UUID patient) {
        return as("clinician", clinician, "plan-service").get("/v1/patients/" + patient + "/program").path("id");
    }

    private Map<String, Object> session(Instant at, int painDuring, int reps) {
        Map<String, Object> body = new HashMap<>(Map.of("id", UUID.randomUUID(), "programVersion", 1,
                "performedAt", at.toString(), "durationMinutes", 30, "sessionRpe", 5, "painBefore", 1,
                "exercises", List.of(Map.of("exerciseCode", "clamshell", "form", "CLEAN", "painDuring", painDuring,
                        "sets", List.of(Map.of("count", reps), Map.of("count", reps))))));
        if (steadyProgram != null) {
            body.put("programId", steadyProgram);
        }
        return body;
    }

    private List<String> caseloadOrder() {
        return as("clinician", clinician, "assessment-service").get("/v1/clinicians/me/patients").path("items.patientId");
    }

    /** The proposal of the painful session's alert (the rules may propose other things for this patient too). */
    private String pendingDeload() {
        return as("clinician", clinician, "plan-service").queryParam("status", "PENDING")
                .get("/v1/programs/" + steadyProgram + "/proposals")
                .path("find { it.type == 'DELOAD' && it.ruleCode == 'OVL-PAIN-DURING' }.id");
    }

    private RequestSpecification as(String role, UUID subject, String service) {
        return given().baseUri(system.url(service)).auth().oauth2(system.tokens.mint(role, subject)).contentType(ContentType.JSON);
    }

    // ------------------------------------------------------------------ the page

    private void open(String url) {
        browser.get(url);
        visitedUrls.add(browser.getCurrentUrl());
    }

    private WebElement waitFor(By by) {
        WebElement found = until(b -> b.findElements(by).stream().findFirst().orElse(null));
        visitedUrls.add(browser.getCurrentUrl());
        return found;
    }

    /** Chromium's own offline mode (DevTools): the page's requests fail and it hears the offline and online events. */
    private void offline(boolean offline) {
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a condition of the page; an element redrawn meanwhile (a live update) is looked up again. */
    private <T> T until(java.util.function.Function<org.openqa.selenium.WebDriver, T> condition) {
        return new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** Clicks an element, looked up again if a live update redrew it meanwhile. */
    private void click(By by) {
        until(b -> {
            b.findElement(by).click();
            return true;
        });
    }

    /** The text of an element, looked up again if a live update redrew it meanwhile. */
    private String text(By by) {
        return until(b -> b.findElement(by).getText());
    }

    private WebElement active() {
        return browser.switchTo().activeElement();
    }

    private void awaitRows(List<String> patients) {
        until(b -> b.findElements(By.cssSelector("#patients tbody tr")).stream()
                .map(row -> row.getAttribute("data-patient-id")).toList().equals(patients));
        visitedUrls.add(browser.getCurrentUrl());
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    /** How far the page is wider than the window, in CSS pixels: above 0, the page scrolls sideways. */
    private long sidewaysOverflow() {
        return ((Number) js("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
    }

    private void awaitChart(String id) {
        until(b -> Boolean.TRUE.equals(js(
                "const c = document.getElementById('" + id + "'); return !!(c && window.Chart && Chart.getChart(c));")));
    }

    /**
     * Each dataset's data of the Chart.js chart on that canvas, as drawn. A live update redraws the page: until the new
     * canvas has its chart, this waits (it once read a canvas whose chart was not drawn yet and failed).
     */
    @SuppressWarnings("unchecked")
    private List<List<Object>> chartData(String id) {
        return until(b -> (List<List<Object>>) js("const c = window.Chart && Chart.getChart(document.getElementById('" + id
                + "')); return c ? c.data.datasets.map(d => d.data) : null;"));
    }

    private static long nonNull(List<Object> values) {
        return values.stream().filter(Objects::nonNull).count();
    }

    private void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Weeks of a programme as the dashboard counts them: week 1 starts on the start date, in this machine's zone. */
    private record Weeks(LocalDate start) {
        int of(Instant at) {
            return (int) Math.max(0, ChronoUnit.DAYS.between(start, at.atZone(ZoneId.systemDefault()).toLocalDate()) / 7);
        }

        int count() {
            return of(Instant.now()) + 1;
        }

        long with(List<Instant> times) {
            return times.stream().map(this::of).distinct().count();
        }

        List<Integer> counts(List<Instant> times) {
            List<Integer> counts = new ArrayList<>();
            for (int week = 0; week < count(); week++) {
                int w = week;
                counts.add((int) times.stream().filter(t -> of(t) == w).count());
            }
            return counts;
        }
    }
}
