"""The admin walked in a real browser (headless Chromium through Selenium), as a new owner would:
first-admin link -> password -> an image uploaded to the media library -> draft with that image
inserted and a featured image uploaded -> preview -> schedule -> publish -> the public site (the
images with their sizes) -> a reader's comment -> moderation -> a page, added to the navigation
in settings -> sign out. axe-core checks every
admin and public page on the way (with JavaScript on; axe needs it). Offline: the browser and
its driver come from Debian, nothing is downloaded.

Usage: admin_browser_walk.py BASE_URL FIRST_ADMIN_LINK [--no-javascript] [--screenshots DIR]
"""
import argparse
import datetime
import os
import sys
import traceback

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "a walk in the browser"
# An image to upload: a small JPEG of the repository's test files.
PHOTO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "media", "photo-exif.jpg")
# Raw HTML in a post's Markdown that would mark the page if any script ran on it.
SCRIPT = '<script>document.body.setAttribute("data-ran", "yes")</script>'



class Walk:
    def __init__(self, base, javascript, screenshots):
        options = Options()
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=en-US"]:
            options.add_argument(argument)
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        if not javascript:
            options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
        self.driver = webdriver.Chrome(options=options, service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")))
        self.driver.set_page_load_timeout(20)
        self.base = base.rstrip("/")
        self.javascript = javascript
        self.screenshots = screenshots
        self.checked = {}
        self.failures = []

    def step(self, text):
        print(f"walk ({'JavaScript on' if self.javascript else 'JavaScript off'}): {text}", flush=True)

    def expect(self, condition, text):
        if not condition:
            self.failures.append(text)
            print(f"  FAILED: {text}", flush=True)

    def open(self, path):
        self.driver.get(path if path.startswith("http") else self.base + path)
        self.settle()
        self.check_page()

    def check_page(self, name=None):
        """axe-core on the page now shown, once per page (by path)."""
        if not self.javascript:
            return
        path = name or self.driver.current_url.replace(self.base, "").split("?")[0].split("#")[0] or "/"
        if path in self.checked:
            return
        axe = Axe(self.driver)
        axe.inject()
        violations = axe.run()["violations"]
        self.checked[path] = len(violations)
        print(f"  axe {path}: {len(violations)} violations", flush=True)
        for violation in violations:
            nodes = "; ".join(node["html"][:100] for node in violation["nodes"][:3])
            self.failures.append(f"axe {path}: {violation['id']} ({violation['impact']}): {nodes}")
            print(f"    {violation['id']} ({violation['impact']}): {violation['help']}: {nodes}", flush=True)

    def shot(self, name):
        if self.screenshots:
            os.makedirs(self.screenshots, exist_ok=True)
            self.driver.execute_script("window.scrollTo(0, 0)")
            self.driver.save_screenshot(os.path.join(self.screenshots, f"{name}.png"))

    def field(self, name):
        return self.driver.find_element(By.NAME, name)

    def fill(self, name, text):
        element = self.field(name)
        element.clear()
        element.send_keys(text)

    def press(self, selector):
        """Clicks a button or link that loads another page, and waits until that page is whole."""
        page = self.driver.find_element(By.TAG_NAME, "html")
        target = WebDriverWait(self.driver, 10).until(expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, selector)))
        target.click()
        WebDriverWait(self.driver, 10).until(lambda driver: self.is_gone(page))
        self.settle()
        self.check_page()

    @staticmethod
    def is_gone(element):
        """Whether an element's page has been replaced; Chromium says so in one of two ways."""
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise

    def settle(self):
        """Waits until the page now loading has finished."""
        WebDriverWait(self.driver, 10).until(lambda driver: driver.execute_script("return document.readyState") == "complete")

    def script_ran(self):
        """What SCRIPT would have set, read by WebDriver (whose own scripts always run)."""
        return self.driver.execute_script('return document.body.getAttribute("data-ran")')

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def run(self, link):
        self.step("open the first-admin link and choose a password")
        self.open(link)
        self.expect("Make the first admin" in self.text(), "the first-admin page asks for a name")
        self.fill("name", "Walker")
        self.fill("email", "walker@example.com")
        self.fill("password", PASSWORD)
        self.fill("password_confirm", PASSWORD)
        self.press("button[type=submit].primary")
        self.expect(self.driver.current_url.endswith("/admin"), "signed in, on the dashboard")
        self.shot("dashboard")

        self.step("upload an image to the media library")
        self.open("/admin/media")
        self.field("file").send_keys(os.path.abspath(PHOTO))
        self.fill("alt", "A gradient of blues")
        self.press("form[action='/admin/media'] button[type=submit]")
        self.expect("Image uploaded." in self.text(), "the image is uploaded")
        self.expect(len(self.driver.find_elements(By.CSS_SELECTOR, ".media-item img[alt='A gradient of blues']")) == 1, "the library shows it")
        self.shot("media")

        self.step("write a draft with the image in it and a featured image")
        self.open("/admin/posts/new")
        toolbars = len(self.driver.find_elements(By.CSS_SELECTOR, ".toolbar"))
        self.expect(toolbars == (1 if self.javascript else 0), "the Markdown toolbar is there exactly when JavaScript is on")
        self.fill("title", "A walk in the browser")
        self.fill("body_markdown", "Written in a **real** browser.\n\nA second paragraph.\n\n" + SCRIPT + "\n\n")
        self.driver.find_element(By.CSS_SELECTOR, ".media-picker summary").click()
        if self.javascript:
            self.driver.find_element(By.CSS_SELECTOR, "button.insert-image").click()
        else:
            markdown = self.driver.find_element(By.CSS_SELECTOR, ".media-picker input[readonly]").get_attribute("value")
            self.field("body_markdown").send_keys(markdown)
        self.expect("![A gradient of blues](/media/" in self.field("body_markdown").get_attribute("value"), "the image's Markdown is in the text")
        self.field("featured_image_file").send_keys(os.path.abspath(PHOTO))
        self.fill("featured_image_alt", "Blues, featured")
        self.fill("tags", "walks, browsers")
        self.press("button[value=save]")
        self.expect("Draft saved." in self.text(), "the draft is saved")
        self.expect(self.field("featured_image_url").get_attribute("value").startswith("/media/"), "the uploaded featured image is the post's")
        editor = self.driver.current_url
        self.shot("editor")

        self.step("preview it")
        windows = set(self.driver.window_handles)
        self.driver.find_element(By.CSS_SELECTOR, "button[formaction='/admin/posts/preview']").click()
        new = [handle for handle in self.driver.window_handles if handle not in windows]
        if new:
            self.driver.switch_to.window(new[0])
        self.expect("Written in a real browser." in self.text(), "the preview shows the post as readers will")
        # No axe here: the preview's sandbox runs no script at all, axe included. Its markup is
        # the post page's, which axe checks below.
        self.expect(self.script_ran() is None, "no script of the post runs in the preview")
        if new:
            self.driver.close()
            self.driver.switch_to.window(list(windows)[0])

        self.step("schedule it for tomorrow")
        self.open(editor)
        tomorrow = datetime.datetime.now() + datetime.timedelta(days=1)
        date = self.field("published_at")
        date.send_keys(tomorrow.strftime("%m%d%Y"))
        date.send_keys("\t")
        date.send_keys("0930AM")
        self.press("button[value=schedule]")
        self.expect("Post scheduled." in self.text(), "the post is scheduled")
        self.open("/")
        self.expect("A walk in the browser" not in self.text(), "a scheduled post is not on the front page yet")

        self.step("publish it now")
        self.open(editor)
        self.press("button[value=publish-now]")
        self.expect("Post published." in self.text(), "the post is published")

        self.step("look back through its revisions")
        editor = editor.split("?")[0]
        self.open(editor + "/revisions")
        self.expect("Revisions of" in self.text(), "the revisions are listed")
        self.press(".admin-table a")
        self.expect("Version" in self.text(), "a revision is shown")
        self.open(editor + "/delete")
        self.expect("Delete “A walk in the browser”?" in self.text(), "deleting asks first")

        self.step("see it on the public site")
        self.open("/")
        self.expect("A walk in the browser" in self.text(), "the post is on the front page")
        self.press("a[href='/posts/a-walk-in-the-browser']")
        self.expect(self.script_ran() is None, "no script of the post runs on its page")
        featured = self.driver.find_element(By.CSS_SELECTOR, ".featured-image img")
        self.expect(featured.get_dom_attribute("srcset") and featured.get_dom_attribute("width") == "48", "the featured image has its sizes")
        inline = self.driver.find_element(By.CSS_SELECTOR, ".post-body picture img[alt='A gradient of blues']")
        self.expect(inline.get_dom_attribute("loading") == "lazy" and inline.get_dom_attribute("height") == "64", "the image in the text has its sizes and loads lazily")
        self.driver.execute_script("arguments[0].scrollIntoView()", inline)
        WebDriverWait(self.driver, 10).until(lambda driver: driver.execute_script("return arguments[0].complete", inline))
        chosen = self.driver.execute_script("return arguments[0].currentSrc", featured)
        self.expect(chosen.startswith(self.base + "/media/") and chosen.endswith(".webp"), f"the browser chose a WebP file of the image ({chosen})")
        post = self.driver.current_url
        for path in ["/tags/walks", "/search?q=browser", "/nothing-here"]:
            self.open(path)

        self.step("a reader comments through the public form")
        self.driver.get(post)
        self.fill("comment", "Lovely walk!")
        self.fill("author", "Reader")
        self.fill("email", "reader@example.com")
        self.press("#commentform button[type=submit], #commentform input[type=submit]")
        self.expect("awaiting moderation" in self.text(), "a first comment waits for moderation")

        self.step("moderate it")
        self.open("/admin/comments")
        self.expect("Lovely walk!" in self.text(), "the comment is in the queue")
        self.shot("comments")
        self.press("button[name=one][value^='approve:']")
        self.driver.get(post)
        self.expect("Lovely walk!" in self.text(), "the approved comment shows on the post")
        self.open("/admin/comments?status=approved")
        self.press("a.button[href^='/admin/comments/']")
        self.fill("reply", "Thank you for walking along.")
        self.press("form[action$='/reply'] button")
        self.expect("Thank you for walking along." in self.text() and "Author" in self.text(), "the reply shows as the author's")

        self.step("write a page")
        self.open("/admin/pages/new")
        self.expect(len(self.driver.find_elements(By.NAME, "tags")) == 0, "a page has no tags")
        self.fill("title", "About")
        self.fill("body_markdown", "Walker writes here about walks.")
        self.press("button[value=publish]")
        self.expect("Page published." in self.text(), "the page is published")
        self.open("/about")
        self.expect("Walker writes here about walks." in self.text(), "the page is at /about")

        self.step("change the site title and add the page to the navigation in settings")
        self.open("/admin/settings")
        self.fill("site.title", "Walker's Notes")
        self.fill("navigation", "About | /about")
        self.shot("settings")
        self.press("form.settings button[type=submit]")
        self.expect("Settings saved" in self.text(), "settings saved")
        self.open("/")
        self.expect("Walker's Notes" in self.text(), "the new title shows on the public site")

        self.expect("About" in self.driver.find_element(By.CSS_SELECTOR, ".site-nav").text, "the header shows the new link")
        self.press(".site-nav a[href='/about']")
        self.expect("Walker writes here about walks." in self.text(), "the header's link opens the page")

        self.step("invite a user, make a token, visit every other screen")
        self.open("/admin/users")
        self.fill("name", "Second Author")
        self.fill("email", "second@example.com")
        self.press("form[action='/admin/users'] button")
        self.expect("/admin/welcome?token=" in self.text(), "the invitation's link is shown")
        self.driver.get(self.base + "/admin/users")
        self.press("a.danger[href$='/remove']")
        self.expect("Remove Second Author?" in self.text(), "removing asks first")
        self.open("/admin/tokens")
        self.fill("name", "walk")
        self.press("form[action='/admin/tokens'] button")
        self.expect("quire_" in self.text(), "the new token is shown once")
        for path in ["/admin/posts", "/admin/pages", "/admin/account", "/admin/followers", "/admin/no-such-screen"]:
            self.open(path)
        self.open("/admin/posts")
        self.shot("posts")

        self.step("sign out")
        self.open("/admin")
        self.press("form.admin-signout button")
        self.expect("You are signed out." in self.text(), "signed out")
        self.open("/admin")
        self.expect("/admin/login" in self.driver.current_url, "the admin asks to sign in again")

    def close(self):
        self.driver.quit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("link")
    parser.add_argument("--no-javascript", action="store_true")
    parser.add_argument("--screenshots")
    arguments = parser.parse_args()
    walk = Walk(arguments.base, not arguments.no_javascript, arguments.screenshots)
    try:
        walk.run(arguments.link)
    except Exception as error:
        where = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == __file__][-1]
        message = " ".join(str(getattr(error, "msg", "") or "").split())[:300]
        walk.failures.append(f"the walk stopped at line {where.lineno} ({where.line}): {error!r} {message} at {walk.driver.current_url}")
    finally:
        walk.close()
    if walk.checked:
        print(f"axe: {len(walk.checked)} pages, {sum(walk.checked.values())} violations")
    if walk.failures:
        print("FAILED:\n  " + "\n  ".join(walk.failures))
        sys.exit(1)
    print("walk passed")


if __name__ == "__main__":
    main()
