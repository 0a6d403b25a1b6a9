"""The web editor (/admin/, Decap CMS) in real Chromium, with the local proxy
backend (decap-server) writing into a temporary copy of the repository, served by
`make admin-serve` (scripts/admin_serve.py), which rebuilds the site after each save.

A 通知公告 with an image and an attachment is saved as a draft, then published:
the file has the header `make new` writes, the uploads land in the year's folders,
`make check` passes and the rebuilt site shows the article. The member-only flag
keeps an item out of the public build. Bad input is refused in Chinese. A
published item cannot be renamed, moved to another year, withdrawn or deleted.
No request leaves the two loopback servers.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest
from PIL import Image

from conftest import ROOT, SAMPLE_CONTENT

sys.path.insert(0, str(ROOT / "plugins"))
from site_content.archetypes import load_archetypes, new_file_text  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not (ROOT / "admin/node_modules/decap-server").is_dir(), reason="run `make admin-install` (make test does)")]
WAIT = 180_000  # ms: Decap's 5 MB bundle on a busy 2-core machine
NOTICES = load_archetypes(ROOT / "archetypes").for_column("notices")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class EditorSite:
    root: Path
    base: str
    proxy: str
    log: Path
    stray: list[str] = field(default_factory=list)

    @property
    def content(self) -> Path:
        return self.root / "content"

    def files(self) -> set[Path]:
        return {p for p in self.content.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EditorSite]:
    root = tmp_path_factory.mktemp("admin-repo")
    shutil.copytree(SAMPLE_CONTENT, root / "content")
    port, proxy = free_port(), free_port()
    log = root / "admin-serve.log"
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts/admin_serve.py"), str(root / "content"), "-o", str(root / "output"),
             "-s", str(ROOT / "pelicanconf.py"), "--port", str(port), "--proxy-port", str(proxy),
             "--cache", str(root / "cache")],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(encoding="utf-8")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.5)
    else:
        pytest.fail("admin-serve did not start:\n" + log.read_text(encoding="utf-8"))
    try:
        yield EditorSite(root, f"http://127.0.0.1:{port}", f"http://127.0.0.1:{proxy}", log)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def editor(browser, editor_site: EditorSite):
    """A logged-in editor page; requests anywhere but the two loopback servers are refused."""
    hosts = {urlsplit(editor_site.base).netloc, urlsplit(editor_site.proxy).netloc}
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")

    def route(request_route) -> None:
        url = request_route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).netloc in hosts:
            request_route.continue_()
        else:
            editor_site.stray.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    page.messages = []  # what the page said, shown when a wait fails
    page.on("console", lambda m: page.messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.messages.append(f"error: {e}"))
    page.goto(f"{editor_site.base}/admin/")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("集合").first.wait_for()
    yield page
    context.close()
    assert not editor_site.stray, f"requests left the loopback servers: {editor_site.stray}"


def new_entry(page, site: EditorSite, column: str) -> None:
    page.goto(f"{site.base}/admin/#/collections/{column}/new")
    page.get_by_label("标题").wait_for()


def click_save(page) -> None:
    page.get_by_role("button", name="保存").first.click()
    page.get_by_role("menuitem", name="保存", exact=True).click()


def save(page) -> None:
    """Save and wait until Decap says it is saved (the proxy wrote the file and the uploads)."""
    click_save(page)
    page.get_by_text("修改已保存").wait_for()
    page.get_by_text("含未保存的修改").wait_for(state="hidden")


def upload(page, button: str, path: Path) -> None:
    page.get_by_role("button", name=button).click()
    page.locator("input[type=file]").last.set_input_files(str(path))
    page.get_by_text(path.name).first.wait_for()
    page.get_by_role("button", name="选用已选中项目").click()


SHOTS = ROOT / "test-artifacts" / "screenshots"


def wait_for(page, check, what: str, seconds: float = 240) -> None:
    """Poll ``check`` while the page runs (Playwright's sync API serves the request
    routes only inside its own calls, so no time.sleep); on a timeout, keep a
    screenshot and show the page's field errors and console."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        page.wait_for_timeout(500)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"admin-{what.replace(' ', '-')}.png"), full_page=True)
    errors = " | ".join(page.locator("ul[class*=ControlErrorsList]").all_inner_texts())
    pytest.fail(f"timed out waiting for {what}: {errors}\n" + "\n".join(page.messages[-20:]))


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def check(content: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts/check_content.py"), "--content", str(content)],
                          capture_output=True, text=True, cwd=ROOT)


def uploads(tmp_path: Path) -> tuple[Path, Path]:
    image, pdf = tmp_path / "training-photo.png", tmp_path / "signup-form.pdf"
    Image.new("RGB", (320, 200), (158, 27, 27)).save(image)
    pdf.write_bytes(b"%PDF-1.4\n% signup form\n%%EOF\n")
    return image, pdf


def fill(page, fields: dict[str, str]) -> None:
    """Type into the form's fields by their labels (文件名（网址）, 标题, 日期…)."""
    for label, value in fields.items():
        page.get_by_label(label).fill(value)


def header_and_body(text: str) -> tuple[str, str]:
    head, _, body = text.partition("\n\n")
    return head + "\n\n", body


def test_a_notice_with_image_and_attachment_is_saved_as_draft_then_published(
        editor, editor_site: EditorSite, tmp_path: Path) -> None:
    page, site = editor, editor_site
    image, pdf = uploads(tmp_path)
    new_entry(page, site, "notices")
    fill(page, {"文件名（网址）": "food-safety-training-2024", "标题": "关于举办2024年食品安全培训的通知",
                "日期": "2024-03-01T10:00", "标签": "食品安全, 培训", "发文单位": "四川省高校后勤协会秘书处"})
    page.get_by_role("button", name="新增附件").click()
    upload(page, "选择文件", pdf)
    page.get_by_label("附件标题").fill("培训报名表")
    # The body: a wrapped Chinese line typed as Markdown, then an image through the 图片 button.
    page.get_by_role("switch").click()
    page.locator("[data-slate-editor=true]").click()
    page.keyboard.press("Control+End")
    for key in ["Enter", "Enter", "协会定于3月举办食品安全", "Enter", "远程培训，请各单位报名。"]:
        page.keyboard.press(key) if key == "Enter" else page.keyboard.insert_text(key)
    page.get_by_role("switch").click()
    page.get_by_role("button", name="添加组件").click()
    page.get_by_role("menuitem", name="图片").click()
    upload(page, "选择图片", image)
    assert page.get_by_role("button", name="从 URL 插入").count() == 0  # images come from this site only

    # The preview: the site's own CSS, Chinese lines joined as the build joins them, the upload shown.
    preview = page.frame_locator("#preview-pane")
    preview.locator("h1", has_text="关于举办2024年食品安全培训的通知").wait_for()
    body_text = preview.locator(".article-body").inner_text()
    assert "协会定于3月举办食品安全远程培训，请各单位报名。" in body_text
    assert preview.locator(".attachments").inner_text().count("附件1：培训报名表") == 1
    page.wait_for_function("""() => {
        const doc = document.querySelector('#preview-pane').contentDocument;
        const sheet = [...doc.styleSheets].find(s => (s.href || '').endsWith('/theme/css/site.css'));
        const img = doc.querySelector('.article-body img');
        return sheet && sheet.cssRules.length > 20 && img && img.src.startsWith('blob:') && img.naturalWidth === 320;
    }""")

    before = site.files()
    save(page)
    path = site.content / "notices/2024/food-safety-training-2024.md"
    wait_for(page, path.is_file, "the saved file")
    text = path.read_text(encoding="utf-8")
    head, body = header_and_body(text)
    values = {"Tags": "食品安全, 培训", "Issuer": "四川省高校后勤协会秘书处"}
    attachments = [("files/2024/signup-form.pdf", "培训报名表")]
    assert text == new_file_text(NOTICES, "关于举办2024年食品安全培训的通知", "2024-03-01 10:00", values, "draft",
                                 attachments=attachments, body=body)
    assert head.startswith("Title: 关于举办2024年食品安全培训的通知\nDate: 2024-03-01 10:00\nStatus: draft\n")
    assert "![]({static}/images/2024/training-photo.png)" in body
    assert "协会定于3月举办食品安全\n远程培训，请各单位报名。" in body
    assert NOTICES.body.strip().splitlines()[0] in body  # the column's template
    assert (site.content / "images/2024/training-photo.png").read_bytes() == image.read_bytes()
    assert (site.content / "files/2024/signup-form.pdf").read_bytes() == pdf.read_bytes()
    assert site.files() - before == {path, site.content / "images/2024/training-photo.png",
                                     site.content / "files/2024/signup-form.pdf"}
    assert check(site.content).returncode == 0, check(site.content).stdout
    wait_for(page, lambda: fetch(f"{site.base}/drafts/notices/food-safety-training-2024.html")[0] == 200,
             "the draft page")
    assert fetch(f"{site.base}/notices/2024/food-safety-training-2024.html")[0] == 404

    # Publish: the Status line goes, the rebuilt site shows the article with its image and attachment.
    page.wait_for_url("**/entries/2024/food-safety-training-2024")
    page.get_by_label("状态").select_option("published")
    save(page)
    wait_for(page, lambda: "Status:" not in path.read_text(encoding="utf-8"), "the published file")
    assert path.read_text(encoding="utf-8") == new_file_text(
        NOTICES, "关于举办2024年食品安全培训的通知", "2024-03-01 10:00", values, "published",
        attachments=attachments, body=body)
    assert check(site.content).returncode == 0
    url = f"{site.base}/notices/2024/food-safety-training-2024.html"
    wait_for(page, lambda: fetch(url)[0] == 200, "the published page")
    html = fetch(url)[1].decode("utf-8")
    assert "关于举办2024年食品安全培训的通知" in html and "协会定于3月举办食品安全远程培训" in html
    assert fetch(f"{site.base}/images/2024/training-photo.png")[1] == image.read_bytes()
    assert fetch(f"{site.base}/files/2024/signup-form.pdf")[1] == pdf.read_bytes()
    shown = page.context.new_page()
    shown.goto(url)
    assert shown.locator("h1").inner_text() == "关于举办2024年食品安全培训的通知"
    shown.close()


def test_the_member_only_flag_keeps_the_item_out_of_the_public_build(
        editor, editor_site: EditorSite, tmp_path: Path) -> None:
    page, site = editor, editor_site
    _, pdf = uploads(tmp_path)
    new_entry(page, site, "notices")
    fill(page, {"文件名（网址）": "members-meeting-2024", "标题": "会员单位内部工作会议纪要", "日期": "2024-04-02T15:00"})
    page.get_by_label("状态").select_option("published")
    page.get_by_label("会员专属").check()
    page.get_by_role("button", name="新增附件").click()
    upload(page, "选择文件", pdf)
    save(page)
    path = site.content / "notices/2024/members-meeting-2024.md"
    wait_for(page, path.is_file, "the saved file")
    head, _ = header_and_body(path.read_text(encoding="utf-8"))
    assert head == ("Title: 会员单位内部工作会议纪要\nDate: 2024-04-02 15:00\nAccess: members\nTags:\nSummary:\n"
                    "Issuer:\nAttachments: files/members/2024/signup-form.pdf\n\n")
    assert (site.content / "files/members/2024/signup-form.pdf").is_file()
    assert check(site.content).returncode == 0
    out = tmp_path / "public"
    built = subprocess.run([sys.executable, str(ROOT / "scripts/build.py"), str(site.content), "-o", str(out),
                            "-s", str(ROOT / "pelicanconf.py"), "-e", f'CACHE_PATH="{tmp_path / "cache"}"'],
                           capture_output=True, text=True, cwd=ROOT, env={**os.environ, "SITE_SEARCH_INDEX": "0"})
    assert built.returncode == 0, built.stderr
    assert (out / "notices/index.html").is_file()
    assert not (out / "notices/2024/members-meeting-2024.html").exists()
    assert not (out / "files/members").exists()
    assert "会员单位内部工作会议纪要" not in "".join(p.read_text(encoding="utf-8", errors="replace")
                                                  for p in out.rglob("*.html"))
    leaks = subprocess.run([sys.executable, str(ROOT / "scripts/check_leaks.py"), "--content", str(site.content),
                            "--output", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert leaks.returncode == 0, leaks.stdout


def test_bad_input_is_refused_with_a_chinese_message(editor, editor_site: EditorSite) -> None:
    page, site = editor, editor_site
    before = site.files()
    new_entry(page, site, "notices")
    page.get_by_label("文件名（网址）").fill("会议通知")
    page.get_by_label("日期").fill("2024-05-01T09:00")
    click_save(page)
    errors = page.locator("ul[class*=ControlErrorsList]")
    errors.first.wait_for()
    shown = errors.all_inner_texts()
    assert any("文件名“会议通知”不能用：文件名就是网址，只能用小写英文字母、数字和连字符“-”" in e for e in shown), shown
    assert any("请填写“标题”" in e for e in shown), shown
    page.get_by_text("有信息项没填好，请按红色提示改正后再保存").wait_for()
    # Lower case is kept as written in the message (not the widget's capitals).
    assert page.locator("ul[class*=ControlErrorsList] li").first.evaluate(
        "e => getComputedStyle(e).textTransform") == "none"
    page.get_by_label("文件名（网址）").fill("Meeting-Notice")
    page.get_by_label("标题").fill("会议通知")
    click_save(page)
    page.get_by_text("文件名“Meeting-Notice”不能用").wait_for()
    # A name whose URL was published (the URL lock) is taken in that year.
    page.get_by_label("文件名（网址）").fill("party-brand-creation")
    page.get_by_label("日期").fill("2022-10-01T09:00")
    click_save(page)
    page.get_by_text("文件名“party-brand-creation”在 notices 栏目 2022 年已经用过（或曾经发布过）；请换一个名字").wait_for()
    page.get_by_label("文件名（网址）").fill("meeting-notice")
    page.get_by_label("日期").fill("2031-01-01T09:00")
    page.get_by_label("状态").select_option("published")
    click_save(page)
    page.get_by_text("日期 2031-01-01 09:00 在将来：要到时自动发布，请把状态改成“定时发布”").wait_for()
    assert site.files() == before, "nothing was written"


def test_a_published_item_cannot_be_renamed_moved_withdrawn_or_deleted(editor, editor_site: EditorSite) -> None:
    page, site = editor, editor_site
    path = site.content / "notices/2022/party-brand-creation.md"
    original = path.read_bytes()
    page.goto(f"{site.base}/admin/#/collections/notices/entries/2022/party-brand-creation")
    page.get_by_label("标题").wait_for()
    assert page.get_by_text("已保存的文章不能改文件名").is_visible()
    assert page.locator("input[placeholder^='例如 food-safety']").count() == 0  # no name box to type in
    page.get_by_label("状态").select_option("draft")
    page.get_by_label("日期").fill("2023-09-01T09:00")
    page.get_by_label("会员专属").check()
    click_save(page)
    page.get_by_text("这篇文章在 2022 年的文件夹里，日期的年份不能改成 2023 年").wait_for()
    page.get_by_text("这篇文章已经发布，网址已经公开，不能再改回草稿或定时发布").wait_for()
    page.get_by_text("这篇文章已经公开发布，不能再改成会员专属").wait_for()
    page.get_by_role("button", name="保存").first.click()
    page.get_by_role("menuitem").first.wait_for()
    items = page.get_by_role("menuitem").all_inner_texts()
    assert items and not [i for i in items if "删除" in i], items
    page.keyboard.press("Escape")
    assert path.read_bytes() == original
    # Fixing the problems saves again: the title changes, the URL does not.
    page.get_by_label("状态").select_option("published")
    page.get_by_label("日期").fill("2022-09-01T09:00")
    page.get_by_label("会员专属").uncheck()
    page.get_by_label("标题").fill("关于开展党建品牌创建活动的通知（修订）")
    save(page)
    wait_for(page, lambda: path.read_bytes() != original, "the saved file")
    assert path.read_text(encoding="utf-8").startswith(
        "Title: 关于开展党建品牌创建活动的通知（修订）\nDate: 2022-09-01 09:00\nTags: 党建品牌, 思想政治工作\n")
    assert check(site.content).returncode == 0
