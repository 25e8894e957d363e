"""Generate the demo cover images once (abstract shapes in the site's palette, no text).

The resulting JPEG files are committed under portal/demo/images/; load_demo only reads them.
Re-run by hand if the palette changes:  .venv/bin/python -m portal.demo.make_images
"""

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent / "images"
W, H = 960, 540

RED = (158, 27, 27)
DEEP_RED = (110, 16, 20)
GOLD = (200, 161, 74)
CREAM = (247, 241, 227)
INK = (43, 58, 85)
JADE = (63, 127, 110)
MIST = (222, 228, 232)


def gradient(top: tuple, bottom: tuple) -> Image.Image:
    img = Image.new("RGB", (W, H), top)
    draw = ImageDraw.Draw(img)
    for y in range(H):
        t = y / (H - 1)
        color = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (W, y)], fill=color)
    return img


def overlay(base: Image.Image, paint) -> Image.Image:
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    paint(ImageDraw.Draw(layer))
    return Image.alpha_composite(base.convert("RGBA"), layer).convert("RGB")


def lotus() -> Image.Image:
    """A stylised lotus (莲, a pun on 廉) over still water."""
    img = gradient(CREAM, (236, 222, 196))

    def paint(d):
        cx, cy = W // 2, H // 2 + 60
        for i in range(7):
            angle = math.radians(-90 + (i - 3) * 24)
            length = 190 - abs(i - 3) * 22
            tip = (cx + length * math.cos(angle), cy + length * math.sin(angle))
            left = (cx + 46 * math.cos(angle - 1.2), cy + 46 * math.sin(angle - 1.2))
            right = (cx + 46 * math.cos(angle + 1.2), cy + 46 * math.sin(angle + 1.2))
            d.polygon([left, tip, right, (cx, cy)], fill=(*RED, 150 + abs(i - 3) * 20))
        for r in range(3):
            d.ellipse(
                [cx - 260 - r * 70, cy + 40 + r * 28, cx + 260 + r * 70, cy + 80 + r * 40],
                outline=(*INK, 70 - r * 18),
                width=3,
            )

    return overlay(img, paint)


def mountains() -> Image.Image:
    """Layered ink-wash mountains at dawn."""
    img = gradient((250, 236, 214), MIST)
    rnd = random.Random(7)

    def paint(d):
        d.ellipse([640, 70, 760, 190], fill=(*RED, 210))
        for layer, (color, alpha, base) in enumerate(
            [(INK, 70, 300), (INK, 120, 360), (INK, 190, 430)]
        ):
            points = [(0, H)]
            x = 0
            while x <= W:
                y = base + 60 * math.sin(x / (130 + layer * 40) + layer) + rnd.randint(-18, 18)
                points.append((x, y))
                x += 24
            points.append((W, H))
            d.polygon(points, fill=(*color, alpha))

    return overlay(img, paint).filter(ImageFilter.GaussianBlur(1.2))


def bamboo() -> Image.Image:
    """Bamboo stems, an emblem of integrity (节)."""
    img = gradient((232, 240, 232), CREAM)
    rnd = random.Random(3)

    def paint(d):
        for i in range(9):
            x = 70 + i * 105 + rnd.randint(-20, 20)
            width = rnd.randint(14, 24)
            alpha = rnd.randint(110, 210)
            d.rectangle([x, 0, x + width, H], fill=(*JADE, alpha))
            y = rnd.randint(20, 90)
            while y < H:
                d.rectangle([x - 2, y, x + width + 2, y + 5], fill=(*INK, alpha - 40))
                y += rnd.randint(90, 140)
            for _ in range(2):
                ly = rnd.randint(40, H - 40)
                d.polygon(
                    [(x + width, ly), (x + width + 90, ly - 26), (x + width + 30, ly + 8)],
                    fill=(*JADE, alpha - 30),
                )

    return overlay(img, paint)


def rays() -> Image.Image:
    """Red and gold rays, for Party discipline education."""
    img = gradient(RED, DEEP_RED)

    def paint(d):
        cx, cy = W // 2, H + 120
        for i in range(0, 180, 10):
            a1, a2 = math.radians(180 + i), math.radians(180 + i + 5)
            r = 1200
            d.polygon(
                [
                    (cx, cy),
                    (cx + r * math.cos(a1), cy + r * math.sin(a1)),
                    (cx + r * math.cos(a2), cy + r * math.sin(a2)),
                ],
                fill=(*GOLD, 46),
            )
        d.ellipse([cx - 180, cy - 300, cx + 180, cy + 60], fill=(*GOLD, 170))

    return overlay(img, paint)


def scales() -> Image.Image:
    """Balanced circles: fairness and supervision."""
    img = gradient(INK, (28, 38, 58))

    def paint(d):
        d.line([(W // 2, 120), (W // 2, 420)], fill=(*GOLD, 220), width=6)
        d.line([(230, 200), (730, 200)], fill=(*GOLD, 220), width=6)
        for x in (230, 730):
            d.line([(x, 200), (x - 70, 330)], fill=(*GOLD, 160), width=3)
            d.line([(x, 200), (x + 70, 330)], fill=(*GOLD, 160), width=3)
            d.chord([x - 90, 270, x + 90, 390], 0, 180, fill=(*GOLD, 200))
        d.rectangle([W // 2 - 90, 420, W // 2 + 90, 440], fill=(*GOLD, 220))
        for r in range(5):
            d.ellipse(
                [W // 2 - 40 - r * 90, 120 - 40 - r * 10, W // 2 + 40 + r * 90, 120 + 40 + r * 10],
                outline=(*CREAM, 30),
                width=2,
            )

    return overlay(img, paint)


def waves() -> Image.Image:
    """Clear water waves: 清风 / 清水."""
    img = gradient((214, 232, 236), (245, 248, 246))

    def paint(d):
        for row in range(11):
            y0 = 60 + row * 46
            points = []
            for x in range(0, W + 20, 12):
                points.append((x, y0 + 16 * math.sin(x / 70 + row * 0.8)))
            d.line(points, fill=(*JADE, 70 + row * 14), width=4)
        d.ellipse([90, 60, 210, 180], fill=(*GOLD, 160))

    return overlay(img, paint).filter(ImageFilter.GaussianBlur(0.8))


def lanterns() -> Image.Image:
    """Warm lanterns and seals: culture hall and live stage."""
    img = gradient((70, 18, 22), (30, 12, 16))
    rnd = random.Random(11)

    def paint(d):
        for _ in range(14):
            x, y = rnd.randint(40, W - 40), rnd.randint(40, H - 60)
            r = rnd.randint(18, 48)
            d.ellipse([x - r, y - r * 1.2, x + r, y + r * 1.2], fill=(*RED, 200))
            d.ellipse([x - r * 0.6, y - r * 0.7, x + r * 0.6, y + r * 0.7], fill=(*GOLD, 90))
            d.line([(x, y - r * 1.2 - 30), (x, y - r * 1.2)], fill=(*GOLD, 160), width=2)

    return overlay(img, paint).filter(ImageFilter.GaussianBlur(1.5))


def pages() -> Image.Image:
    """Stacked open books for the reading room."""
    img = gradient(CREAM, (233, 218, 190))

    def paint(d):
        for i in range(5):
            y = 380 - i * 44
            d.rounded_rectangle(
                [260 + i * 8, y, 700 - i * 8, y + 38],
                radius=6,
                fill=(*[RED, INK, JADE, GOLD, DEEP_RED][i], 215),
            )
        d.polygon([(300, 150), (480, 120), (480, 170), (300, 190)], fill=(*CREAM, 255))
        d.polygon([(660, 150), (480, 120), (480, 170), (660, 190)], fill=(255, 252, 244, 255))
        d.line([(480, 120), (480, 170)], fill=(*INK, 120), width=2)

    return overlay(img, paint)


IMAGES = {
    "lotus": lotus,
    "mountains": mountains,
    "bamboo": bamboo,
    "rays": rays,
    "scales": scales,
    "waves": waves,
    "lanterns": lanterns,
    "books": pages,
}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, make in IMAGES.items():
        path = OUT / f"{name}.jpg"
        make().save(path, "JPEG", quality=78, optimize=True, progressive=True)
        print(path.name, path.stat().st_size)


if __name__ == "__main__":
    main()
