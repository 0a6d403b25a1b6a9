#!/usr/bin/env python3
"""Make the sample site's binary files: charts and two attachments (the emblem,
share image and favicon come from scripts/make_emblem.py).

The outputs are committed; run this again only to change them:
`.venv/bin/python scripts/make_sample_assets.py`.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
BRAND = (158, 27, 27)


CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # Debian fonts-noto-cjk


def chart(path: Path) -> None:
    """Bar chart of the 2022 food-safety training: 4029 trainees, 3078 certified.

    Labels are Chinese when Debian's Noto CJK font is installed (as the test
    setup does), otherwise Latin so the script still runs anywhere.
    """
    img = Image.new("RGB", (640, 360), "white")
    draw = ImageDraw.Draw(img)
    if CJK_FONT.exists():
        font = ImageFont.truetype(str(CJK_FONT), 20)
        title, labels = "2022年食品安全远程培训（3期）", ("参训人数", "取证人数")
    else:
        font = ImageFont.load_default()
        title, labels = "2022 food-safety remote training (3 sessions)", ("trainees", "certified")
    draw.line((60, 310, 600, 310), fill="black", width=2)
    for (x, value, colour), label in zip(((150, 4029, BRAND), (380, 3078, (11, 92, 173))), labels):
        top = 310 - int(value / 4500 * 250)
        draw.rectangle((x, top, x + 120, 310), fill=colour)
        draw.text((x + 35, top - 28), str(value), fill="black", font=font)
        draw.text((x + 20, 318), label, fill="black", font=font)
    draw.text((60, 14), title, fill="black", font=font)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, optimize=True)


def website_chart(path: Path) -> None:
    """Horizontal bars: what the association's website published in 2022 (seed report)."""
    img = Image.new("RGB", (640, 360), "white")
    draw = ImageDraw.Draw(img)
    chinese = CJK_FONT.exists()
    font = ImageFont.truetype(str(CJK_FONT), 20) if chinese else ImageFont.load_default()
    rows = [("学校后勤动态", "campus news", 1939), ("招投标信息", "tenders", 640),
            ("新闻", "news", 50), ("理论与实践", "theory", 2)]
    draw.text((40, 18), "2022年协会网站发稿量（篇/条）" if chinese else "Website items in 2022", fill="black", font=font)
    for index, (label, latin, value) in enumerate(rows):
        top = 80 + index * 66
        draw.text((40, top + 6), label if chinese else latin, fill="black", font=font)
        width = max(3, int(value / 1939 * 330))
        draw.rectangle((190, top, 190 + width, top + 40), fill=BRAND if index % 2 == 0 else (11, 92, 173))
        draw.text((200 + width, top + 6), str(value), fill="black", font=font)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, optimize=True)


def qr_placeholder(path: Path) -> None:
    """Stands in for the 公众号 QR code (deliberately not a QR code: nothing to scan)."""
    img = Image.new("RGB", (240, 240), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle((4, 4, 235, 235), outline=BRAND, width=6)
    chinese = CJK_FONT.exists()
    font = ImageFont.truetype(str(CJK_FONT), 24) if chinese else ImageFont.load_default()
    lines = ("公众号二维码", "示例图片", "请替换") if chinese else ("WeChat QR", "sample", "replace me")
    for index, line in enumerate(lines):
        box = draw.textbbox((0, 0), line, font=font)
        draw.text(((240 - (box[2] - box[0])) / 2, 60 + index * 44), line, fill=BRAND if index else "black", font=font)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, optimize=True)


def pdf(path: Path, lines: list[str]) -> None:
    """A one-page PDF with ASCII text lines (Helvetica, no embedded fonts)."""
    text = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("ascii")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii")
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out))


def docx(path: Path, paragraphs: list[str]) -> None:
    """A minimal Word document (Office Open XML) with Chinese paragraphs."""
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2021, 12, 15, 0, 0, 0))
            archive.writestr(info, data)


def main() -> None:
    chart(CONTENT / "images/2022/food-safety-training.png")
    website_chart(CONTENT / "images/2022/website-items-2022.png")
    qr_placeholder(CONTENT / "extra/wechat-qr-sample.png")
    pdf(
        CONTENT / "files/2021/db51-t2769-2021-brief.pdf",
        [
            "DB51/T2769-2021 Sichuan school property service and management specification",
            "Brief prepared by the Sichuan Provincial University Logistics Association.",
            "The standard grew out of an association research topic.",
            "The official text published by the issuing authority prevails.",
        ],
    )
    docx(
        CONTENT / "files/2021/db51-t2769-2021-study-notes.docx",
        [
            "《四川省学校物业服务和管理规范》（DB51/T2769-2021）学习提纲",
            "一、标准来源：协会立项课题“四川省中小学及高等院校物业服务规范”。",
            "二、标准状态：已由四川省市场监督管理局立项并正式发布。",
            "三、学习要求：各会员单位结合本校实际对照标准开展物业服务和管理工作。",
            "标准正文以发布机关公布的文本为准。",
        ],
    )


if __name__ == "__main__":
    main()
