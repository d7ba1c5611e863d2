#!/usr/bin/env python3
"""Regenerates the test scans in Samples/ (fictional text) from scanned-clinic-note.png and a few
rendered lines. Needs Pillow and the DejaVu and Droid Sans Fallback fonts; run it from this folder.
The scans are committed, so neither the tests nor CI need Pillow."""
import random
from PIL import Image, ImageDraw, ImageFilter, ImageFont

note = Image.open("Samples/scanned-clinic-note.png").convert("L")
note.rotate(-90, expand=True).save("Samples/scan-rotated-90.png", optimize=True)  # turned a quarter clockwise
note.rotate(180, expand=True).save("Samples/scan-rotated-180.png", optimize=True)

def page(lines, font, size, step):
    image = Image.new("L", (1240, 600), 255)
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(font, size)
    for i, line in enumerate(lines):
        draw.text((116, 100 + i * step), line, font=face, fill=0)
    return image

page(["病理診断報告書", "前立腺針生検の結果、腺癌を認める。", "根治的前立腺全摘除術を推奨する。", "患者はセカンドオピニオンを希望している。"],
     "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 34, 60).save("Samples/scan-japanese.png", optimize=True)

for number, lines in enumerate([
        ["Discharge summary, page one", "Admitted with chest pain and dyspnoea.", "Troponin 12 ng/L on arrival."],
        ["Discharge summary, page two", "Echocardiography shows severe aortic stenosis.", "Mean gradient 44 mmHg."],
        ["Discharge summary, page three", "Referred for surgical aortic valve replacement.", "Follow-up in cardiology clinic."]], start=1):
    page(lines, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 26, 50).save(f"Samples/scan-page-{number}.png", optimize=True)

random.seed(9)
# A blank page off the scanner: near-uniform paper grey with a few faint specks.
blank = Image.new("L", (1240, 600), 246)
for _ in range(40):
    blank.putpixel((random.randrange(1240), random.randrange(600)), random.randrange(200, 240))
blank.save("Samples/scan-blank.png", optimize=True)

# A poor copy of the clinic note: washed out, blurred, with grey specks and dropped pixels.
degraded = note.filter(ImageFilter.GaussianBlur(1.6)).point(lambda v: 110 + v * 0.55)
for _ in range(6000):
    degraded.putpixel((random.randrange(1240), random.randrange(600)), random.choice((90, 140, 255)))
degraded.save("Samples/scan-degraded.png", optimize=True)
